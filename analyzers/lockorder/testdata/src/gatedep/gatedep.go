// Package gatedep takes A.Mu then B.Mu under the gate G, and C.Mu then
// D.Mu with no gate; gate takes the other orders, through its facts.
package gatedep

import "sync"

var G sync.Mutex

type A struct{ Mu sync.Mutex }
type B struct{ Mu sync.Mutex }
type C struct{ Mu sync.Mutex }
type D struct{ Mu sync.Mutex }

func AB(a *A, b *B) {
	G.Lock()
	defer G.Unlock()
	a.Mu.Lock()
	defer a.Mu.Unlock()
	b.Mu.Lock()
	defer b.Mu.Unlock()
}

func CD(c *C, d *D) {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	d.Mu.Lock()
	defer d.Mu.Unlock()
}
