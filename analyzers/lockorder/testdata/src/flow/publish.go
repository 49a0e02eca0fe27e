package flow

// Shape 1: unpublished objects.

import (
	"sync"
)

// ✅ Shape 1: a new Conn is locked before anyone can see it; copying
// from the template under its lock is no unordered pair.
func (c *Conn) clone() *Conn {
	n := &Conn{}
	n.mu.Lock()
	defer n.mu.Unlock()
	c.mu.Lock()
	n.id = c.id
	c.mu.Unlock()
	return n
}

// ❌ Twin: the new Conn is published first; another goroutine can find
// it in the registry and lock it while holding c.mu.
func (c *Conn) cloneShared() *Conn {
	n := &Conn{}
	registry = append(registry, n)
	n.mu.Lock()
	defer n.mu.Unlock()
	c.mu.Lock() // want `c.mu is locked while n.mu is held, and both are \(flow.Conn\).mu`
	n.id = c.id
	c.mu.Unlock()
	return n
}

// ✅ Shape 1: init (which does not store its receiver) is no publication.
func (c *Conn) cloneInit() *Conn {
	n := new(Conn)
	n.mu.Lock()
	defer n.mu.Unlock()
	n.init(c.id)
	c.mu.Lock()
	n.id = c.id
	c.mu.Unlock()
	return n
}

func (c *Conn) init(id int) { c.id = id; c.peers = nil }

// ❌ Twin: join stores its receiver in the peer's list.
func (c *Conn) cloneJoin() *Conn {
	n := new(Conn)
	n.mu.Lock()
	defer n.mu.Unlock()
	n.join(c)
	c.mu.Lock() // want `c.mu is locked while n.mu is held, and both are \(flow.Conn\).mu`
	c.mu.Unlock()
	return n
}

func (c *Conn) join(peer *Conn) { peer.peers = append(peer.peers, c) }

// ✅ Shape 1: a new Conn locked while the server lock is taken to add
// it; Server.mu then Conn.mu elsewhere is no inversion.
func (s *Server) add() *Conn {
	c := &Conn{}
	c.mu.Lock()
	defer c.mu.Unlock()
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	return c
}

func (s *Server) each(f func(*Conn)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.mu.Lock()
		f(c)
		c.mu.Unlock()
	}
}

type Pool struct {
	mu    sync.Mutex
	items []*Item
}

type Item struct {
	mu sync.Mutex
}

func (p *Pool) walk() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, it := range p.items {
		it.mu.Lock() // want `lock order inversion: \(flow.Pool\).mu then \(flow.Item\).mu`
		it.mu.Unlock()
	}
}

// ❌ Twin: an Item already in the pool, then the pool.
func (p *Pool) addBack(it *Item) {
	it.mu.Lock()
	defer it.mu.Unlock()
	p.mu.Lock()
	p.items = append(p.items, it)
	p.mu.Unlock()
}
