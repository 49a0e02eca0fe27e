package runloop

import (
	"context"
	"sync"
	"time"
)

// A server whose loop leaves on the Done of a context it keeps beside
// its cancel; Close cancels it (through a sync.Once).
type server struct {
	reqs   chan int
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
}

func newServer() *server {
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{reqs: make(chan int), ctx: ctx, cancel: cancel}
	go s.loop()
	return s
}

func (s *server) loop() {
	for {
		select {
		case <-s.reqs:
		case <-s.ctx.Done():
			return
		}
	}
}

func (s *server) Close() { s.once.Do(func() { s.cancel() }) }

type harness struct{ srv *server }

func (h *harness) close() { h.srv.Close() }

// The function that made the server sends, and cancels only later, in
// its deferred close: nothing else can stop the loop first, silent.
func sendThenClose(xs []int) {
	h := &harness{srv: newServer()}
	defer h.close()
	for _, x := range xs {
		h.srv.reqs <- x
	}
}

// The buggy twin: the server is closed before the send.
func closeThenSend(x int) {
	s := newServer()
	s.Close()
	s.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.server\).loop has left its loop: it is the only receiver; select on Done\(\) too`
}

// The buggy twin: a goroutine the sender starts may close the server
// before the send.
func closeBeside(x int) {
	s := newServer()
	defer s.Close()
	go s.Close()
	s.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.server\).loop has left its loop`
}

// The buggy twin: a method's server is its caller's, which another
// goroutine may close first.
func (s *server) Send(x int) {
	s.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.server\).loop has left its loop`
	s.Close()
}

// A server whose context also ends on a deadline: its loop can leave
// before the send whoever cancels.
type timedServer struct {
	reqs   chan int
	ctx    context.Context
	cancel context.CancelFunc
}

func newTimedServer() *timedServer {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	s := &timedServer{reqs: make(chan int), ctx: ctx, cancel: cancel}
	go s.loop()
	return s
}

func (s *timedServer) loop() {
	for {
		select {
		case <-s.reqs:
		case <-s.ctx.Done():
			return
		}
	}
}

func (s *timedServer) Close() { s.cancel() }

// The buggy twin of sendThenClose: the deadline may end the loop
// first.
func sendThenCloseTimed(x int) {
	s := newTimedServer()
	defer s.Close()
	s.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.timedServer\).loop has left its loop`
}
