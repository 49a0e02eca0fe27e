package issue13

import (
	"sync"
	"time"
)

type handler func()

type bus struct{ hs []handler }

func (b *bus) subscribe(h handler) { b.hs = append(b.hs, h) }

// ✅ 14, nats' setupSourceConsumer: one caller is a retry callback that
// a probe subscription runs under the stream's lock, so every caller
// holds it when the spawner writes the map.
type stream struct {
	mu        sync.Mutex
	bus       *bus
	schedules map[string]*time.Timer
}

func (s *stream) setup(name string) {
	s.schedules[name] = time.AfterFunc(time.Second, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.schedules, name)
	})
}

func (s *stream) probe(retry func()) {
	s.bus.subscribe(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		retry()
	})
}

func (s *stream) Update(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setup(name)
	s.probe(func() { s.setup(name) })
}

// ❌ Its twin: the handler runs the retry without the lock.
type stream2 struct {
	mu        sync.Mutex
	bus       *bus
	schedules map[string]*time.Timer
}

func (s *stream2) setup(name string) {
	s.schedules[name] = time.AfterFunc(time.Second, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.schedules, name) // want `map s.schedules is written by this AfterFunc callback while its spawner writes it`
	})
}

func (s *stream2) probe(retry func()) {
	s.bus.subscribe(func() { retry() })
}

func (s *stream2) Update(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setup(name)
	s.probe(func() { s.setup(name) })
}
