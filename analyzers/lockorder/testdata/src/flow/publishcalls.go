package flow

import "sync"

// Shape 1 through calls (nats-server createGateway): a method that
// keeps a Cond on the object's own mutex in the object stores it
// nowhere shared, and a publication on one arm of a branch does not
// reach the other arm of a later test of the same condition.

type Gw struct {
	mu   sync.Mutex
	cond *sync.Cond
}

type Hub struct {
	mu  sync.Mutex
	gws []*Gw
}

func (g *Gw) setup()          { g.cond = sync.NewCond(&g.mu) }
func (g *Gw) register(h *Hub) { h.gws = append(h.gws, g) }

// ❌ The new Gw is registered, on the arm that then takes the hub lock.
func (h *Hub) createShared(outbound bool) {
	g := &Gw{}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.setup()
	if outbound {
		g.register(h)
	}
	if outbound {
		h.mu.Lock() // want `lock order inversion: \(flow.Gw\).mu then \(flow.Hub\).mu here in \(\*flow.Hub\).createShared`
		h.mu.Unlock()
	}
}

func (h *Hub) each() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, g := range h.gws {
		g.mu.Lock()
		g.mu.Unlock()
	}
}

// The same types again, for the correct twin: one pair of classes
// makes one cycle, reported once.
type Peer struct {
	mu   sync.Mutex
	cond *sync.Cond
}

type Mesh struct {
	mu    sync.Mutex
	peers []*Peer
}

func (p *Peer) setup()           { p.cond = sync.NewCond(&p.mu) }
func (p *Peer) register(m *Mesh) { m.peers = append(m.peers, p) }

// ✅ Registered on the inbound arm only; the outbound arm, which takes
// the mesh lock, holds a Peer no one else can reach.
func (m *Mesh) create(outbound bool) {
	p := &Peer{}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setup()
	if !outbound {
		p.register(m)
	}
	if outbound {
		m.mu.Lock()
		m.mu.Unlock()
	}
}

func (m *Mesh) each() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.peers {
		p.mu.Lock()
		p.mu.Unlock()
	}
}
