package basic

import "sync"

// Two instances of one class, one from the caller, the other each
// element of a collection the function walks.

type Peer struct {
	mu sync.Mutex
	n  int
}

type Hub struct {
	mu       sync.Mutex
	gateways []*Peer
	peers    []*Peer
}

func (h *Hub) outbound(out *[]*Peer) {
	h.mu.Lock()
	*out = append(*out, h.gateways...)
	h.mu.Unlock()
}

// ✅ Were the leaf one of the gateways, the loop would lock it twice:
// the code treats the two as different kinds of peer, which a call
// cannot swap.
func (h *Hub) sync(leaf *Peer) {
	var gws []*Peer
	h.outbound(&gws)
	leaf.mu.Lock()
	for _, g := range gws {
		g.mu.Lock()
		leaf.n += g.n
		g.mu.Unlock()
	}
	leaf.mu.Unlock()
}

// ❌ The loop skips the held peer: it is one of them, and two calls
// from two peers lock each other's.
func (h *Hub) relay(from *Peer) {
	from.mu.Lock()
	for _, p := range h.peers {
		if p == from {
			continue
		}
		p.mu.Lock() // want `p.mu is locked while from.mu is held, and both are \(basic.Peer\).mu: nothing decides their order`
		p.n++
		p.mu.Unlock()
	}
	from.mu.Unlock()
}
