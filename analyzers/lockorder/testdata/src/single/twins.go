package single

import "sync"

// Twin: one order is also reachable from an exported method, which
// users call on their own goroutines.
type exposedFramer struct{ mu, ctrl sync.Mutex }

func (f *exposedFramer) appendFrames() {
	f.ctrl.Lock()
	f.mu.Lock() // want `lock order inversion`
	f.mu.Unlock()
	f.ctrl.Unlock()
}

func (f *exposedFramer) reject() {
	f.mu.Lock()
	f.ctrl.Lock()
	f.ctrl.Unlock()
	f.mu.Unlock()
}

type ExposedConn struct {
	framer *exposedFramer
	events chan int
}

func NewExposedConn() *ExposedConn {
	c := &ExposedConn{framer: &exposedFramer{}, events: make(chan int)}
	go c.run()
	return c
}

func (c *ExposedConn) run() {
	for range c.events {
		c.send()
	}
}

func (c *ExposedConn) send()      { c.framer.appendFrames() }
func (c *ExposedConn) dropLevel() { c.framer.reject() }

// Reset is called by users, alongside the run loop.
func (c *ExposedConn) Reset() { c.dropLevel() }

// Twin: the loop is started twice on one object.
type twiceFramer struct{ mu, ctrl sync.Mutex }

func (f *twiceFramer) appendFrames() {
	f.ctrl.Lock()
	f.mu.Lock() // want `lock order inversion`
	f.mu.Unlock()
	f.ctrl.Unlock()
}

func (f *twiceFramer) reject() {
	f.mu.Lock()
	f.ctrl.Lock()
	f.ctrl.Unlock()
	f.mu.Unlock()
}

type TwiceConn struct {
	framer *twiceFramer
	events chan int
}

func NewTwiceConn(workers int) *TwiceConn {
	c := &TwiceConn{framer: &twiceFramer{}, events: make(chan int)}
	for i := 0; i < workers; i++ {
		go c.run()
	}
	return c
}

func (c *TwiceConn) run() {
	for ev := range c.events {
		if ev == 0 {
			c.framer.appendFrames()
		} else {
			c.framer.reject()
		}
	}
}

// Twin: the loop is started by a method users may call more than once
// on one object.
type kickFramer struct{ mu, ctrl sync.Mutex }

func (f *kickFramer) appendFrames() {
	f.ctrl.Lock()
	f.mu.Lock() // want `lock order inversion`
	f.mu.Unlock()
	f.ctrl.Unlock()
}

func (f *kickFramer) reject() {
	f.mu.Lock()
	f.ctrl.Lock()
	f.ctrl.Unlock()
	f.mu.Unlock()
}

type Worker struct {
	framer *kickFramer
	events chan int
}

func (w *Worker) Kick() { go w.run() }

func (w *Worker) run() {
	for ev := range w.events {
		if ev == 0 {
			w.framer.appendFrames()
		} else {
			w.framer.reject()
		}
	}
}

// Twin: each node's loop locks its own mutex and then its peer's; two
// nodes that are each other's peers, each on its own loop, deadlock.
type Node struct {
	a, b   sync.Mutex
	peer   *Node
	events chan int
}

func NewNode(peer *Node) *Node {
	n := &Node{peer: peer, events: make(chan int)}
	go n.run()
	return n
}

func (n *Node) run() {
	for ev := range n.events {
		if ev == 0 {
			n.first()
		} else {
			n.second()
		}
	}
}

func (n *Node) first() {
	n.a.Lock()
	n.peer.b.Lock() // want `lock order inversion`
	n.peer.b.Unlock()
	n.a.Unlock()
}

func (n *Node) second() {
	n.b.Lock()
	n.peer.a.Lock()
	n.peer.a.Unlock()
	n.b.Unlock()
}

// Twin: the loop is started on an object looked up, not made: a second
// Restart of the same id runs a second loop on it.
type lookupFramer struct{ mu, ctrl sync.Mutex }

func (f *lookupFramer) appendFrames() {
	f.ctrl.Lock()
	f.mu.Lock() // want `lock order inversion`
	f.mu.Unlock()
	f.ctrl.Unlock()
}

func (f *lookupFramer) reject() {
	f.mu.Lock()
	f.ctrl.Lock()
	f.ctrl.Unlock()
	f.mu.Unlock()
}

type session struct {
	framer *lookupFramer
	events chan int
}

type Server struct{ sessions map[int]*session }

func (s *Server) lookup(id int) *session { return s.sessions[id] }

func (s *Server) Restart(id int) {
	c := s.lookup(id)
	go c.run()
}

func (c *session) run() {
	for ev := range c.events {
		if ev == 0 {
			c.framer.appendFrames()
		} else {
			c.framer.reject()
		}
	}
}

// Twin: the framer's type is unexported but handed out by an exported
// constructor: users call its exported Reject on their own goroutines.
type engine struct {
	mu, ctrl sync.Mutex
	events   chan int
}

func NewEngine() *engine {
	e := &engine{events: make(chan int)}
	go e.run()
	return e
}

func (e *engine) run() {
	for range e.events {
		e.appendFrames()
	}
}

func (e *engine) appendFrames() {
	e.ctrl.Lock()
	e.mu.Lock() // want `lock order inversion`
	e.mu.Unlock()
	e.ctrl.Unlock()
}

func (e *engine) Reject() {
	e.mu.Lock()
	e.ctrl.Lock()
	e.ctrl.Unlock()
	e.mu.Unlock()
}

// Twin: the loop runs on an object a fresh wrapper was given: each
// Attach of the same connection starts another loop on it.
type attachFramer struct{ mu, ctrl sync.Mutex }

func (f *attachFramer) appendFrames() {
	f.ctrl.Lock()
	f.mu.Lock() // want `lock order inversion`
	f.mu.Unlock()
	f.ctrl.Unlock()
}

func (f *attachFramer) reject() {
	f.mu.Lock()
	f.ctrl.Lock()
	f.ctrl.Unlock()
	f.mu.Unlock()
}

type attachConn struct {
	framer *attachFramer
	events chan int
}

func (c *attachConn) run() {
	for ev := range c.events {
		if ev == 0 {
			c.framer.appendFrames()
		} else {
			c.framer.reject()
		}
	}
}

type holder struct{ *attachConn }

func Attach(c *attachConn) {
	h := &holder{attachConn: c}
	go h.run()
}
