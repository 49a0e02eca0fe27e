// Package joined: a method that waits for a receive loop to end (a
// receive on the channel the loop closes as it returns) before taking
// locks the loop takes the other way round cannot deadlock with it; the
// same method without the wait can.
package joined

import "sync"

// Session's receive loop runs processFlags (stateLock, then
// streamLock) through a table of handlers; Close takes streamLock, then
// each stream's stateLock, but only once the loop has returned.
type Session struct {
	streamLock sync.Mutex
	streams    map[uint32]*Stream
	recvDone   chan struct{}
	in         chan uint32
}

type Stream struct {
	stateLock sync.Mutex
	state     int
	session   *Session
}

func NewSession() *Session {
	s := &Session{streams: map[uint32]*Stream{}, recvDone: make(chan struct{}), in: make(chan uint32)}
	go s.recv()
	return s
}

func (s *Session) recv() {
	if err := s.recvLoop(); err != nil {
		s.exit()
	}
}

func (s *Session) exit() {}

var handlers = []func(*Session, uint32) error{
	0: (*Session).handleStream,
	1: (*Session).handlePing,
}

func (s *Session) recvLoop() error {
	defer close(s.recvDone)
	for id := range s.in {
		if err := handlers[id%2](s, id); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) handleStream(id uint32) error {
	s.streamLock.Lock()
	st := s.streams[id]
	s.streamLock.Unlock()
	if st != nil {
		st.processFlags()
	}
	return nil
}

func (s *Session) handlePing(uint32) error { return nil }

func (st *Stream) processFlags() {
	st.stateLock.Lock()
	defer st.stateLock.Unlock()
	st.state = 1
	st.session.closeStream(st)
}

func (s *Session) closeStream(st *Stream) {
	s.streamLock.Lock()
	defer s.streamLock.Unlock()
	for id, x := range s.streams {
		if x == st {
			delete(s.streams, id)
		}
	}
}

// Close joins the receive loop first: silent.
func (s *Session) Close() {
	close(s.in)
	<-s.recvDone
	s.streamLock.Lock()
	defer s.streamLock.Unlock()
	for _, st := range s.streams {
		st.forceClose()
	}
}

func (st *Stream) forceClose() {
	st.stateLock.Lock()
	st.state = 2
	st.stateLock.Unlock()
}

// Mux is Session without the join: its Close takes the locks while the
// receive loop may still run processFlags.
type Mux struct {
	streamLock sync.Mutex
	streams    map[uint32]*Pipe
	recvDone   chan struct{}
	in         chan uint32
}

type Pipe struct {
	stateLock sync.Mutex
	state     int
	mux       *Mux
}

func NewMux() *Mux {
	m := &Mux{streams: map[uint32]*Pipe{}, recvDone: make(chan struct{}), in: make(chan uint32)}
	go m.recv()
	return m
}

func (m *Mux) recv() {
	_ = m.recvLoop()
}

var muxHandlers = []func(*Mux, uint32) error{
	0: (*Mux).handleStream,
}

func (m *Mux) recvLoop() error {
	defer close(m.recvDone)
	for id := range m.in {
		if err := muxHandlers[0](m, id); err != nil {
			return err
		}
	}
	return nil
}

func (m *Mux) handleStream(id uint32) error {
	m.streamLock.Lock()
	p := m.streams[id]
	m.streamLock.Unlock()
	if p != nil {
		p.processFlags()
	}
	return nil
}

func (p *Pipe) processFlags() {
	p.stateLock.Lock()
	defer p.stateLock.Unlock()
	p.state = 1
	p.mux.closeStream(p) // want `lock order inversion: \(joined.Pipe\).stateLock then \(joined.Mux\).streamLock`
}

func (m *Mux) closeStream(p *Pipe) {
	m.streamLock.Lock()
	defer m.streamLock.Unlock()
	for id, x := range m.streams {
		if x == p {
			delete(m.streams, id)
		}
	}
}

// Close waits for the loop only after taking the locks: reported.
func (m *Mux) Close() {
	close(m.in)
	m.streamLock.Lock()
	defer m.streamLock.Unlock()
	for _, p := range m.streams {
		p.forceClose()
	}
	<-m.recvDone
}

func (p *Pipe) forceClose() {
	p.stateLock.Lock()
	p.state = 2
	p.stateLock.Unlock()
}
