// Package testreaders: read/read hazards in tests need a writer on a
// goroutine the test starts; production writers the test never runs
// alongside its reads do not count.
package testreaders

import "sync"

type Store struct {
	mu   sync.RWMutex
	data map[string]int
}

// Get read-locks the store: called with the read lock held, it locks it
// a second time.
func (s *Store) Get(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.data[k]
}

// Set is the store's writer, in production code.
func (s *Store) Set(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
}
