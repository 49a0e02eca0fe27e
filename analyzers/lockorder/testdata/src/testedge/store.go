// Package testedge: edges formed in tests support reports in tests only.
package testedge

import "sync"

type Store struct{ mu sync.Mutex }
type Cache struct{ mu sync.Mutex }

// ✅ Store.mu then Cache.mu; only a test takes them the other way, so
// production code has no cycle and nothing is reported here.
func (s *Store) Flush(c *Cache) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
}

type Queue struct{ mu sync.Mutex }
type Worker struct{ mu sync.Mutex }

// ❌ Twin: production code takes both orders.
func (q *Queue) Assign(w *Worker) {
	q.mu.Lock()
	defer q.mu.Unlock()
	w.mu.Lock() // want `lock order inversion: \(testedge.Queue\).mu then \(testedge.Worker\).mu here in \(\*testedge.Queue\).Assign, but \(testedge.Worker\).mu then \(testedge.Queue\).mu at store.go:\d+ in \(\*testedge.Worker\).Done`
	defer w.mu.Unlock()
}

func (w *Worker) Done(q *Queue) {
	w.mu.Lock()
	defer w.mu.Unlock()
	q.mu.Lock()
	defer q.mu.Unlock()
}

type Server struct{ mu sync.Mutex }
type Session struct{ mu sync.Mutex }

// Start runs the server's own goroutine, which takes Session.mu then
// Server.mu.
func (srv *Server) Start(ss *Session) {
	go srv.serve(ss)
}

// ✅ Session.mu then Server.mu; only a test takes them the other way.
func (srv *Server) serve(ss *Session) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	srv.mu.Lock()
	defer srv.mu.Unlock()
}
