package mixed

import (
	"errors"
	"sync"
)

var errEmpty = errors.New("empty")

// ✅ Any Broadcast wakes the Wait: the workers' own decWorker does so
// without the consumer's lock, so a stop that waits holding mu does not
// depend on close, the one signaller that needs mu (franz-go's
// consumer session).
type session struct {
	workersMu sync.Mutex
	cond      *sync.Cond
	workers   int
}

func newSession() *session {
	s := &session{}
	s.cond = sync.NewCond(&s.workersMu)
	return s
}

func (s *session) decWorker() {
	s.workersMu.Lock()
	defer s.workersMu.Unlock()
	s.workers--
	if s.workers == 0 {
		s.cond.Broadcast()
	}
}

type consumer struct {
	mu      sync.Mutex
	session *session
}

func (c *consumer) start() {
	c.session.workersMu.Lock()
	c.session.workers++
	c.session.workersMu.Unlock()
	go c.fetch()
}

func (c *consumer) fetch() {
	defer c.session.decWorker()
}

func (c *consumer) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session.workersMu.Lock()
	for c.session.workers > 0 {
		c.session.cond.Wait()
	}
	c.session.workersMu.Unlock()
}

func (c *consumer) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session.decWorker()
}

// ❌ The twin: the only signaller takes the consumer's lock first.
type session2 struct {
	workersMu sync.Mutex
	cond      *sync.Cond
	workers   int
}

func newSession2() *session2 {
	s := &session2{}
	s.cond = sync.NewCond(&s.workersMu)
	return s
}

func (s *session2) decWorker() {
	s.workersMu.Lock()
	defer s.workersMu.Unlock()
	s.workers--
	if s.workers == 0 {
		s.cond.Broadcast()
	}
}

type consumer2 struct {
	mu      sync.Mutex
	session *session2
}

func (c *consumer2) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session.workersMu.Lock()
	for c.session.workers > 0 {
		c.session.cond.Wait() // want `deadlock: Wait on c.session.cond blocks while c.mu is held, and the Signal caller \(\(\*consumer2\).close\) locks c.mu`
	}
	c.session.workersMu.Unlock()
}

func (c *consumer2) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session.decWorker()
}

// ✅ The closer's close is deferred in the loop it calls: it runs when
// recvLoop returns, before recv takes the lock through exitErr (yamux's
// Session.recv → recvLoop, then exitErr → Close).
type muxSession struct {
	shutdownLock sync.Mutex
	recvDone     chan struct{}
	in           chan []byte
}

func newMuxSession() *muxSession {
	s := &muxSession{recvDone: make(chan struct{}), in: make(chan []byte)}
	go s.recv()
	return s
}

func (s *muxSession) recv() {
	if err := s.recvLoop(); err != nil {
		s.exitErr()
	}
}

func (s *muxSession) recvLoop() error {
	defer close(s.recvDone)
	for b := range s.in {
		if len(b) == 0 {
			return errEmpty
		}
	}
	return nil
}

func (s *muxSession) exitErr() { s.Close() }

func (s *muxSession) Close() {
	s.shutdownLock.Lock()
	defer s.shutdownLock.Unlock()
	<-s.recvDone
}

// ❌ The twin: the closer takes the lock in the deferred call, before
// its close.
type muxSession2 struct {
	shutdownLock sync.Mutex
	recvDone     chan struct{}
	in           chan []byte
}

func newMuxSession2() *muxSession2 {
	s := &muxSession2{recvDone: make(chan struct{}), in: make(chan []byte)}
	go s.recv()
	return s
}

func (s *muxSession2) recv() {
	defer s.finish()
	for range s.in {
	}
}

func (s *muxSession2) finish() {
	s.shutdownLock.Lock()
	s.shutdownLock.Unlock()
	close(s.recvDone)
}

func (s *muxSession2) Close() {
	s.shutdownLock.Lock()
	defer s.shutdownLock.Unlock()
	<-s.recvDone // want `deadlock: receive from s.recvDone blocks while s.shutdownLock is held, and the closer \(\(\*muxSession2\).finish\) locks s.shutdownLock`
}
