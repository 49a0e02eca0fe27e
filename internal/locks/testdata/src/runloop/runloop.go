// Package runloop holds the shapes of run loops: methods only one
// goroutine per object runs.
package runloop

import (
	"sync"
	"time"
)

// A loop started once on the object its constructor just made, and the
// helper only it calls.
type Conn struct {
	mu     sync.Mutex
	events chan int
}

func NewConn() *Conn {
	c := &Conn{events: make(chan int)}
	go c.run()
	return c
}

func (c *Conn) run() { // want `run loop \(\*runloop.Conn\).run$`
	for range c.events {
		c.handle()
	}
}

func (c *Conn) handle() { // want `run loop \(\*runloop.Conn\).run$`
	c.mu.Lock()
	c.mu.Unlock()
}

// A loop started by an exported Start on its receiver: one goroutine
// per object if Start is called once per object, as it is meant to be.
type Server struct {
	mu    sync.RWMutex
	stats map[string]int
}

func (s *Server) Start() { go s.loop() }

func (s *Server) loop() { // want `run loop \(\*runloop.Server\).loop, if started once`
	for {
		s.tick()
	}
}

func (s *Server) tick() { // want `run loop \(\*runloop.Server\).loop, if started once`
	s.mu.RLock()
	s.stats["tick"]++
	s.mu.RUnlock()
}

// Twin: the helper is also called from an exported method, which users
// call on their own goroutines beside the loop.
type Server2 struct {
	mu    sync.RWMutex
	stats map[string]int
}

func (s *Server2) Start() { go s.loop() }

func (s *Server2) loop() { // want `run loop \(\*runloop.Server2\).loop, if started once`
	for {
		s.tick()
	}
}

func (s *Server2) tick() {
	s.mu.RLock()
	s.stats["tick"]++
	s.mu.RUnlock()
}

func (s *Server2) Tick() { s.tick() }

// Twin: the loop itself is also called from an exported method.
type Server3 struct{ mu sync.Mutex }

func (s *Server3) Start() { go s.loop() }

func (s *Server3) Poll() { s.loop() }

func (s *Server3) loop() {
	s.mu.Lock()
	s.mu.Unlock()
}

// A closure started once that calls the loop on its receiver.
type Pump struct{ mu sync.Mutex }

func (p *Pump) Start() {
	go func() {
		p.loop()
	}()
}

func (p *Pump) loop() { // want `run loop \(\*runloop.Pump\).loop, if started once`
	p.mu.Lock()
	p.mu.Unlock()
}

// Twin: started at two places, each on an object it was given.
type Twice struct{ mu sync.Mutex }

func (t *Twice) Start()   { go t.loop() }
func (t *Twice) Restart() { go t.loop() }

func (t *Twice) loop() {
	t.mu.Lock()
	t.mu.Unlock()
}

// Twin: started in a loop, once per worker on one object.
type Pool struct{ mu sync.Mutex }

func (p *Pool) Start(n int) {
	for i := 0; i < n; i++ {
		go p.work()
	}
}

func (p *Pool) work() {
	p.mu.Lock()
	p.mu.Unlock()
}

// Twin: used as a value, the method may be called from anywhere.
type Ticker struct{ mu sync.Mutex }

func (t *Ticker) Start() { time.AfterFunc(time.Second, t.tick) }

func (t *Ticker) tick() {
	t.mu.Lock()
	t.mu.Unlock()
}

// Twin: the loop is exported; other packages may call it.
type Open struct{ mu sync.Mutex }

func (o *Open) Start() { go o.Loop() }

func (o *Open) Loop() {
	o.mu.Lock()
	o.mu.Unlock()
}
