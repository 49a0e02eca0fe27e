// Package mixedtest: a test's blocking operation is paired only with
// partners in the test, as a production one only with production code.
package mixedtest

import "sync"

type Server struct {
	mu    sync.Mutex
	reset chan struct{}
	stop  chan struct{} // nothing in production receives from it
}

func NewServer() *Server {
	s := &Server{reset: make(chan struct{}), stop: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Server) loop() {
	for range s.reset {
	}
}

// Shutdown takes the lock before it closes reset.
func (s *Server) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.reset)
}
