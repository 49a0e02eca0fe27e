// Package deep3 imports only deep2, and inverts deep1's order: the
// edge A.Mu -> B.Mu reaches it through deep2's Edges fact.
package deep3

import "deep2"

func BA() {
	a, b := deep2.NewA(), deep2.NewB()
	b.Mu.Lock()
	defer b.Mu.Unlock()
	a.Mu.Lock() // want `lock order inversion: \(deep1.B\).Mu then \(deep1.A\).Mu here in deep3.BA, but \(deep1.A\).Mu then \(deep1.B\).Mu at deep1.go:12 in deep1.AB`
	defer a.Mu.Unlock()
}
