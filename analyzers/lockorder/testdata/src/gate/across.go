package gate

import "gatedep"

// ✅ B then A under the same gate as gatedep.AB's A then B.
func BA(a *gatedep.A, b *gatedep.B) {
	gatedep.G.Lock()
	defer gatedep.G.Unlock()
	b.Mu.Lock()
	defer b.Mu.Unlock()
	a.Mu.Lock()
	defer a.Mu.Unlock()
}

// ❌ Twin: D then C under the gate, but gatedep.CD takes C then D
// without it.
func DC(c *gatedep.C, d *gatedep.D) {
	gatedep.G.Lock()
	defer gatedep.G.Unlock()
	d.Mu.Lock()
	defer d.Mu.Unlock()
	c.Mu.Lock() // want `lock order inversion: \(gatedep.D\).Mu then \(gatedep.C\).Mu here in gate.DC, but \(gatedep.C\).Mu then \(gatedep.D\).Mu at gatedep.go:\d+ in gatedep.CD`
	defer c.Mu.Unlock()
}
