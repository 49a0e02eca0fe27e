package generated

import "sync"

// Store is the same shape written by hand: reported.
type Store struct {
	getMutex         sync.RWMutex
	getCalls         int
	invocationsMutex sync.RWMutex
	invocations      map[string]int
}

func (s *Store) Get() {
	s.getMutex.Lock()
	s.getCalls++
	s.recordInvocation("Get") // want `lock order inversion`
	s.getMutex.Unlock()
}

func (s *Store) Invocations() map[string]int {
	s.invocationsMutex.RLock()
	defer s.invocationsMutex.RUnlock()
	s.getMutex.RLock()
	defer s.getMutex.RUnlock()
	return s.invocations
}

func (s *Store) recordInvocation(key string) {
	s.invocationsMutex.Lock()
	defer s.invocationsMutex.Unlock()
	if s.invocations == nil {
		s.invocations = map[string]int{}
	}
	s.invocations[key]++
}
