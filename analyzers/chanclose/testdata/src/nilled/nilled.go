// Package nilled holds issue 13's shape 19: a send made impossible
// after the close, because the closer sets the channel to nil under a
// lock and the sender checks for nil under the same lock.
package nilled

import "sync"

type Conn struct {
	mu sync.Mutex
	ch chan int
}

// ✅ The closer nils the field under mu; the sender checks it under mu.
func nilledUnderLock(c *Conn) {
	go func() {
		c.mu.Lock()
		if c.ch != nil {
			c.ch <- 1
		}
		c.mu.Unlock()
	}()
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		close(c.ch)
		c.ch = nil
	}()
}

// ✅ The same with methods, the sender returning early on nil.
func (c *Conn) Send(v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		return
	}
	select {
	case c.ch <- v:
	default:
	}
}

func (c *Conn) Close() {
	c.mu.Lock()
	close(c.ch)
	c.ch = nil
	c.mu.Unlock()
}

func methods(c *Conn) {
	go c.Send(1)
	go c.Close()
}

// ❌ No nil check: the send can follow the close.
func noCheck(c *Conn) {
	go func() {
		c.mu.Lock()
		c.ch <- 1
		c.mu.Unlock()
	}()
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		close(c.ch) // want `channel c.ch is closed by this goroutine, which never sends on it, while the goroutine started at nilled.go:\d+ may still send on it`
		c.ch = nil
	}()
}

// ❌ The check is made outside the lock: the close can come between
// the check and the send.
func checkOutside(c *Conn) {
	go func() {
		if c.ch != nil {
			c.mu.Lock()
			c.ch <- 1
			c.mu.Unlock()
		}
	}()
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		close(c.ch) // want `channel c.ch is closed by this goroutine, which never sends on it, while the goroutine started at nilled.go:\d+ may still send on it`
		c.ch = nil
	}()
}

// ❌ The closer releases the lock before it nils the field.
func nilledLate(c *Conn) {
	go func() {
		c.mu.Lock()
		if c.ch != nil {
			c.ch <- 1
		}
		c.mu.Unlock()
	}()
	go func() {
		c.mu.Lock()
		close(c.ch) // want `channel c.ch is closed by this goroutine, which never sends on it, while the goroutine started at nilled.go:\d+ may still send on it`
		c.mu.Unlock()
		c.mu.Lock()
		c.ch = nil
		c.mu.Unlock()
	}()
}

// ❌ The sender checks under another Conn's lock.
func otherLock(c, d *Conn) {
	go func() {
		d.mu.Lock()
		if c.ch != nil {
			c.ch <- 1
		}
		d.mu.Unlock()
	}()
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		close(c.ch) // want `channel c.ch is closed by this goroutine, which never sends on it, while the goroutine started at nilled.go:\d+ may still send on it`
		c.ch = nil
	}()
}
