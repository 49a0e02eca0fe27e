// Package deep3 imports only deep2, and inverts deep1's order: the
// edge A.Mu -> B.Mu reaches it through deep2's Edges fact.
package deep3

import "example.com/lockdeep/deep2"

func BA() {
	a, b := deep2.NewA(), deep2.NewB()
	b.Mu.Lock()
	defer b.Mu.Unlock()
	a.Mu.Lock()
	defer a.Mu.Unlock()
}
