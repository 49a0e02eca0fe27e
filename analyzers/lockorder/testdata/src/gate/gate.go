// Package gate: cycles whose every edge is taken under one common lock.
package gate

import "sync"

type Server struct {
	mu    sync.Mutex // the gate: held around every nested section below
	once  sync.Once
	conns map[string]*Conn
}

type Conn struct{ mu sync.Mutex }
type Stats struct{ mu sync.Mutex }

// ✅ Conn.mu then Stats.mu, and the other way round in swap, but both
// under Server.mu, taken first and kept: one goroutine at a time.
func (s *Server) record(c *Conn, st *Stats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.mu.Lock()
	st.mu.Lock()
	st.mu.Unlock()
	c.mu.Unlock()
}

func (s *Server) swap(c *Conn, st *Stats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st.mu.Lock()
	c.mu.Lock()
	c.mu.Unlock()
	st.mu.Unlock()
}

// ✅ Two instances of one class under the gate: a swapped call waits
// for the gate first.
func (s *Server) transfer(from, to *Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from.mu.Lock()
	to.mu.Lock()
	to.mu.Unlock()
	from.mu.Unlock()
}

// ❌ Twin: no gate.
func moveUngated(from, to *Conn) {
	from.mu.Lock()
	to.mu.Lock() // want `to.mu is locked while from.mu is held, and both are \(gate.Conn\).mu`
	to.mu.Unlock()
	from.mu.Unlock()
}

type Job struct{ mu sync.Mutex }

// ❌ Twin: the "gate" is taken after the first lock, so a goroutine
// here holds from.mu while another holds to.mu and the gate: the same
// nesting, and an inversion with the gate itself.
func (s *Server) moveLate(from, to *Job) {
	from.mu.Lock()
	s.mu.Lock() // want `lock order inversion: \(gate.Job\).mu then \(gate.Server\).mu here in \(\*gate.Server\).moveLate, but \(gate.Server\).mu then \(gate.Job\).mu at gate.go:\d+ in \(\*gate.Server\).moveLate; goroutines`
	to.mu.Lock() // want `to.mu is locked while from.mu is held, and both are \(gate.Job\).mu`
	to.mu.Unlock()
	s.mu.Unlock()
	from.mu.Unlock()
}

type Log struct{ mu sync.Mutex }
type Index struct{ mu sync.Mutex }

// ❌ Twin: the same pair of orders, one of them outside the gate.
func (s *Server) append(l *Log, ix *Index) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l.mu.Lock()
	ix.mu.Lock() // want `lock order inversion: \(gate.Log\).mu then \(gate.Index\).mu here in \(\*gate.Server\).append, but \(gate.Index\).mu then \(gate.Log\).mu at gate.go:\d+ in gate.reindex`
	ix.mu.Unlock()
	l.mu.Unlock()
}

func reindex(l *Log, ix *Index) {
	ix.mu.Lock()
	l.mu.Lock()
	l.mu.Unlock()
	ix.mu.Unlock()
}

type Cfg struct{ mu sync.Mutex }
type Cache struct{ mu sync.Mutex }

// ✅ A section run through sync.Once.Do: one goroutine ever runs it.
func (s *Server) init(c *Cfg, k *Cache) {
	s.once.Do(func() {
		c.mu.Lock()
		k.mu.Lock()
		k.mu.Unlock()
		c.mu.Unlock()
	})
	s.once.Do(func() {
		k.mu.Lock()
		c.mu.Lock()
		c.mu.Unlock()
		k.mu.Unlock()
	})
}

type Left struct{ mu sync.Mutex }
type Right struct{ mu sync.Mutex }

// ❌ Twin: the closure also runs outside the Once.
func (s *Server) initTwice(l *Left, r *Right) {
	f := func() {
		l.mu.Lock()
		r.mu.Lock() // want `lock order inversion: \(gate.Left\).mu then \(gate.Right\).mu`
		r.mu.Unlock()
		l.mu.Unlock()
	}
	s.once.Do(f)
	f()
	s.once.Do(func() {
		r.mu.Lock()
		l.mu.Lock()
		l.mu.Unlock()
		r.mu.Unlock()
	})
}
