// Package deep1 takes A.Mu then B.Mu.
package deep1

import "sync"

type A struct{ Mu sync.Mutex }
type B struct{ Mu sync.Mutex }

func AB(a *A, b *B) {
	a.Mu.Lock()
	defer a.Mu.Unlock()
	b.Mu.Lock()
	defer b.Mu.Unlock()
}
