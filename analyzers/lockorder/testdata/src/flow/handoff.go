package flow

// Shape 3: hand-off.

import "sync"

// ✅ Shape 3: the lock is handed to the goroutine that releases it.
func (c *Conn) handOff(done chan struct{}) {
	c.mu.Lock()
	if c.id == 0 {
		c.mu.Unlock()
		return
	}
	go func() {
		defer close(done)
		c.id++
		c.mu.Unlock()
	}()
}

// ✅ Shape 3: the same with a deferred release in a named function.
func (c *Conn) handOffNamed() {
	c.mu.Lock()
	if c.id == 0 {
		c.mu.Unlock()
		return
	}
	go c.finish()
}

func (c *Conn) finish() {
	defer c.mu.Unlock()
	c.id++
}

// ❌ Twin: the goroutine does not release it.
func (c *Conn) handOffLeak() {
	c.mu.Lock()
	if c.id == 0 {
		c.mu.Unlock()
		return
	}
	go func() {
		c.id++
	}()
} // want `c.mu is still locked at this return`

// ✅ Shape 3: a function that hands the lock off is no lock helper.
func (c *Conn) startAndWait() {
	c.handOffAlways()
	c.mu.Lock()
	c.mu.Unlock()
}

func (c *Conn) handOffAlways() {
	c.mu.Lock()
	go func() {
		c.mu.Unlock()
	}()
}

// ✅ Shape 3: a WaitGroup task releases the lock the spawner took.
func (c *Conn) handOffTask(wg *sync.WaitGroup) {
	c.mu.Lock()
	if c.id == 0 {
		c.mu.Unlock()
		return
	}
	wg.Go(func() {
		c.id++
		c.mu.Unlock()
	})
}

// ✅ Shape 3: lock, let a goroutine unlock, lock again: no self-deadlock.
func (c *Conn) relay() {
	c.mu.Lock()
	go func() { c.mu.Unlock() }()
	c.mu.Lock()
	c.mu.Unlock()
}

// ❌ Twin: the goroutine only reads; the second Lock waits for ever.
func (c *Conn) relayStuck() {
	c.mu.Lock()
	go func() { _ = c.id }()
	c.mu.Lock() // want `self-deadlock: c.mu is locked again`
	c.mu.Unlock()
}

// ✅ Shape 3: after the hand-off this goroutine takes the server lock
// without holding the Conn's: no Conn.mu then Server.mu edge against
// Server.each.
func (s *Server) flushLater(c *Conn) {
	c.mu.Lock()
	go func() {
		c.id = 0
		c.mu.Unlock()
	}()
	s.mu.Lock()
	s.conns = s.conns[:0]
	s.mu.Unlock()
}
