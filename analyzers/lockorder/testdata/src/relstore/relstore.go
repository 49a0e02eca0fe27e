// Package relstore exports helpers that let go of their caller's lock
// before taking another (see package reluse).
package relstore

import "sync"

type Store struct {
	Mu    sync.Mutex
	Index sync.Mutex
	n     int
}

// Reindex must be called with s.Mu held: it lets go of it to take
// Index first (the order is Index -> Mu), and takes it back.
func (s *Store) Reindex() {
	s.Mu.Unlock()
	s.Index.Lock()
	s.Mu.Lock()
	s.n++
	s.Index.Unlock()
}

// ReindexHeld takes Index with s.Mu still held: the twin.
func (s *Store) ReindexHeld() {
	s.Index.Lock()
	s.n++
	s.Index.Unlock()
}

// Flush takes Index, then Mu: the documented order.
func (s *Store) Flush() {
	s.Index.Lock()
	defer s.Index.Unlock()
	s.Mu.Lock()
	s.n = 0
	s.Mu.Unlock()
}
