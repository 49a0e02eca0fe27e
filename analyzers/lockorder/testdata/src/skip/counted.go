package skip

import "sync"

type queue struct{ items []int }

func (q *queue) Len() int    { return len(q.items) }
func (q *queue) Pop() int    { x := q.items[0]; q.items = q.items[1:]; return x }
func (q *queue) Empty() bool { return len(q.items) == 0 }

type Conn struct {
	mu sync.Mutex
	q  queue
}

func handle(int) {}

// ✅ Locked before the loop and again on every pass but the first: the
// first pass (i == 0) skips the re-lock, later ones come round after
// the unlock; and a non-empty queue runs the loop at least once.
func (c *Conn) Drain() {
	c.mu.Lock()
	n := c.q.Len()
	if n == 0 {
		c.mu.Unlock()
		return
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			c.mu.Lock()
		}
		p := c.q.Pop()
		more := !c.q.Empty()
		c.mu.Unlock()
		handle(p)
		if !more {
			break
		}
	}
}

// ❌ The twin: the first pass locks again (i >= 0 holds at i == 0).
func (c *Conn) Drain2() {
	c.mu.Lock()
	n := c.q.Len()
	if n == 0 {
		c.mu.Unlock()
		return
	}
	for i := 0; i < n; i++ {
		if i >= 0 {
			c.mu.Lock() // want `self-deadlock: c.mu is locked again while still held`
		}
		p := c.q.Pop()
		c.mu.Unlock()
		handle(p)
	}
}
