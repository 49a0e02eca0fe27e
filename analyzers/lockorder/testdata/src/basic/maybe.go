package basic

import "sync"

// Two instances of one class, the second taken by a callee on some of
// its paths only: as for lock-order edges, too weak a witness.

type Cluster struct{ mu sync.Mutex }

type Member struct {
	mu   sync.Mutex
	cl   *Cluster
	slot *int
}

// stopWith locks the member's cluster only when it was deleted and
// held a slot.
func (m *Member) stopWith(del bool) {
	cl := m.cl
	var slot *int
	if del {
		slot = m.slot
	}
	if slot != nil {
		cl.mu.Lock()
		*slot = 0
		cl.mu.Unlock()
	}
}

func (m *Member) stop() { m.stopWith(false) }

// ✅ stop never reaches the cluster's lock on the path it takes.
func (c *Cluster) failCreate(m *Member) {
	c.mu.Lock()
	m.stop()
	c.mu.Unlock()
}

func (m *Member) detach() {
	m.cl.mu.Lock()
	m.cl.mu.Unlock()
}

// ❌ detach takes the member's cluster lock on every path.
func (c *Cluster) failDetach(m *Member) {
	c.mu.Lock()
	m.detach() // want `m.cl.mu is locked while c.mu is held, and both are \(basic.Cluster\).mu: nothing decides their order`
	c.mu.Unlock()
}
