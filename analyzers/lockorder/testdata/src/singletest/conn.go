// Package singletest has a run loop whose test build replaces the
// method that starts it (a test double production code calls), and a
// test that calls the loop's methods directly on its own objects.
package singletest

import "sync"

type framer struct{ mu, ctrl sync.Mutex }

func (f *framer) appendFrames() {
	f.ctrl.Lock()
	f.mu.Lock()
	f.mu.Unlock()
	f.ctrl.Unlock()
}

func (f *framer) reject() {
	f.mu.Lock()
	f.ctrl.Lock()
	f.ctrl.Unlock()
	f.mu.Unlock()
}

type Conn struct {
	framer *framer
	events chan int
}

func (c *Conn) run() {
	for ev := range c.events {
		if ev == 0 {
			c.framer.appendFrames()
		} else {
			c.framer.reject()
		}
	}
}

type hooks struct{ run func() }

// wrapped's run is Conn's, promoted; the test build defines its own.
type wrapped struct {
	hooks *hooks
	*Conn
}

func newWrapped() *wrapped {
	return &wrapped{Conn: &Conn{framer: &framer{}, events: make(chan int)}}
}

// Start runs one loop per connection it makes: silent.
func Start() {
	w := newWrapped()
	go w.run()
}
