// Package single has lock-order cycles whose edges are all formed on
// one goroutine: a connection's run loop, started once per connection.
package single

import "sync"

// framer takes its two mutexes in one order to append frames and in
// the other to drop frames after a rejection (quic-go's framer).
type framer struct {
	mu   sync.Mutex
	ctrl sync.Mutex
}

func (f *framer) Append() {
	f.ctrl.Lock()
	f.mu.Lock()
	f.mu.Unlock()
	f.ctrl.Unlock()
}

func (f *framer) Reject() {
	f.mu.Lock()
	f.ctrl.Lock()
	f.ctrl.Unlock()
	f.mu.Unlock()
}

// queue runs on users' goroutines: it takes one mutex alone.
func (f *framer) queue() {
	f.ctrl.Lock()
	f.ctrl.Unlock()
}

// source is the package's own interface: other packages cannot call
// through it, and framer is handed out no other way.
type source interface{ Append() }

// packer reaches the framer through an interface, as quic-go's does.
type packer struct{ frames source }

func (p *packer) pack() { p.frames.Append() }

// Conn's run loop is the only goroutine that appends or rejects: the
// two orders never run at once. Silent.
type Conn struct {
	framer *framer
	packer *packer
	events chan int
}

func NewConn() *Conn {
	f := &framer{}
	c := &Conn{framer: f, packer: &packer{frames: f}, events: make(chan int)}
	go c.run()
	return c
}

// Dial starts the loop from a closure, as quic-go's client does.
func Dial() *Conn {
	f := &framer{}
	c := &Conn{framer: f, packer: &packer{frames: f}, events: make(chan int)}
	go func() {
		c.run()
	}()
	return c
}

func (c *Conn) run() {
	// A closure of the loop shares its receiver and goroutine.
	defer func() { c.handleEvents() }()
	for ev := range c.events {
		if ev == 0 {
			c.send()
		} else {
			c.handleEvents()
		}
	}
}

func (c *Conn) send()         { c.packer.pack() }
func (c *Conn) handleEvents() { c.dropLevel() }
func (c *Conn) dropLevel()    { c.framer.Reject() }

// Queue runs on users' goroutines and takes one mutex alone.
func (c *Conn) Queue() { c.framer.queue() }
