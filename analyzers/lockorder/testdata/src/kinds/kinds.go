// Package kinds: objects that keep one kind for life (a connection is
// a gateway or a leaf) are one lock only within one kind.
package kinds

import "sync"

const (
	client = iota
	gateway
	leaf
)

type conn struct {
	mu   sync.Mutex
	kind int
	sent int
}

type gateways struct {
	sync.RWMutex
	out map[string]*conn
}

type Server struct{ gw gateways }

func (s *Server) acceptGateway(name string) {
	c := &conn{kind: gateway}
	go c.readLoop(s, name)
}

func (s *Server) acceptLeaf() {
	c := &conn{kind: leaf}
	go c.readLoop(s, "")
}

func (c *conn) readLoop(s *Server, name string) {
	switch c.kind {
	case gateway:
		c.processGatewayInfo(s, name)
	case leaf:
		c.processLeafConnect(s)
	}
}

func (c *conn) processGatewayInfo(s *Server, name string) {
	s.registerGateway(name, c)
}

func (s *Server) registerGateway(name string, c *conn) {
	s.gw.Lock()
	s.gw.out[name] = c
	s.gw.Unlock()
}

func (c *conn) processLeafConnect(s *Server) {
	s.initLeaf(c)
}

// ✅ A leaf connection's lock, then the gateways' read lock; stats
// takes the gateways' lock, then gateway connections' locks. Only
// gateways are in gw.out, so the two conn.mu are never one lock
// (nats-server's sendStatsz against initLeafNodeSmapAndSendSubs).
func (s *Server) initLeaf(c *conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.gw.RLock()
	n := len(s.gw.out)
	s.gw.RUnlock()
	c.sent += n
}

func (s *Server) Stats() (n int) {
	s.gw.RLock()
	defer s.gw.RUnlock()
	for _, c := range s.gw.out {
		c.mu.Lock()
		n += c.sent
		c.mu.Unlock()
	}
	return n
}

type link struct {
	mu   sync.Mutex
	kind int
	sent int
}

type links struct {
	sync.RWMutex
	out map[string]*link
}

type Hub struct{ ls links }

func (h *Hub) acceptGateway(name string) {
	l := &link{kind: gateway}
	go l.readLoop(h, name)
}

func (h *Hub) acceptLeaf() {
	l := &link{kind: leaf}
	go l.readLoop(h, "")
}

func (l *link) readLoop(h *Hub, name string) {
	switch l.kind {
	case gateway:
		h.register(name, l)
		h.ping(l)
	case leaf:
		h.initLeaf(l)
	}
}

func (h *Hub) register(name string, l *link) {
	h.ls.Lock()
	h.ls.out[name] = l
	h.ls.Unlock()
}

// ❌ Twin: ping holds a gateway link's lock, then the links' read lock,
// against Stats, which holds that lock and locks the gateway links.
func (h *Hub) ping(l *link) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h.ls.RLock() // want `lock order inversion: \(kinds.link\).mu then \(kinds.links\).RWMutex here in \(\*kinds.Hub\).ping, but \(kinds.links\).RWMutex then \(kinds.link\).mu at kinds.go:\d+ in \(\*kinds.Hub\).Stats; with a writer waiting`
	n := len(h.ls.out)
	h.ls.RUnlock()
	l.sent += n
}

func (h *Hub) initLeaf(l *link) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h.ls.RLock()
	n := len(h.ls.out)
	h.ls.RUnlock()
	l.sent += n
}

func (h *Hub) Stats() (n int) {
	h.ls.RLock()
	defer h.ls.RUnlock()
	for _, l := range h.ls.out {
		l.mu.Lock()
		n += l.sent
		l.mu.Unlock()
	}
	return n
}

type peer struct {
	mu   sync.Mutex
	kind int
}

type Mesh struct {
	mu    sync.RWMutex
	peers map[string]*peer
}

func (m *Mesh) addGateway(name string) {
	p := &peer{kind: gateway}
	m.mu.Lock()
	m.peers[name] = p
	m.mu.Unlock()
}

func (m *Mesh) Each() {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, p := range m.peers {
		p.mu.Lock()
		p.mu.Unlock()
	}
}

// ✅ Any caller may pass a peer, but the kind is tested before its lock
// is taken: a leaf's lock, never one of the gateways in m.peers.
func (m *Mesh) Touch(p *peer) {
	if p.kind != leaf {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	m.mu.RLock()
	m.mu.RUnlock()
}

// Check is a closure called with a kind and a map: each call is looked
// at with its own arguments.
func (m *Mesh) Check(others map[string]*peer) {
	check := func(kind int, peers map[string]*peer) {
		for _, p := range peers {
			if p.kind == kind {
				p.mu.Lock()
				p.mu.Unlock()
			}
		}
	}
	m.mu.RLock()
	check(gateway, m.peers)
	m.mu.RUnlock()
	check(leaf, others)
}
