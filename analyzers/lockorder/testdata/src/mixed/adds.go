package mixed

import "sync"

// ✅ The releaser adds to the group while it holds the lock, lets go
// of it, then releases on its own goroutine path: a Close holding the
// lock waits only for counts added before it took the lock, and their
// holders no longer need it (the table cache's evict and Close).
type Cache struct {
	mu        sync.Mutex
	releasing sync.WaitGroup
	n         int
}

func (c *Cache) Evict() {
	c.mu.Lock()
	c.n--
	c.releasing.Add(1)
	c.mu.Unlock()
	c.release()
}

func (c *Cache) release() { c.releasing.Done() }

func (c *Cache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.releasing.Wait()
}

// ❌ The twin: the count is added first, and the lock is taken after
// it, before the Done: a Close holding the lock waits for a Done that
// waits for the lock.
type Cache2 struct {
	mu        sync.Mutex
	releasing sync.WaitGroup
	n         int
}

func (c *Cache2) Evict() {
	c.releasing.Add(1)
	c.mu.Lock()
	c.n--
	c.mu.Unlock()
	c.release()
}

func (c *Cache2) release() { c.releasing.Done() }

func (c *Cache2) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.releasing.Wait() // want `deadlock: Wait on c.releasing blocks while c.mu is held, and the Done caller`
}

// ✅ As Cache, one call further up: the cleaner calls Evict, whose lock
// comes before its Add.
func (c *Cache) Clean() {
	for i := 0; i < 3; i++ {
		c.Evict()
	}
}

// ✅ The cleaner holds the lock, lets go of it, then calls Evict, which
// adds to the group only after: the lock comes before the count.
func (c *Cache) Compact() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	c.Evict()
}

// ✅ The Cond's L is the struct that embeds the held mutex: Wait
// releases it, and the signaller can take it.
type Writer struct {
	mu struct {
		sync.Mutex
		cond  *sync.Cond
		ready bool
	}
}

func NewWriter() *Writer {
	w := &Writer{}
	w.mu.cond = sync.NewCond(&w.mu)
	return w
}

func (w *Writer) WaitReady() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for !w.mu.ready {
		w.mu.cond.Wait()
	}
}

func (w *Writer) SetReady() {
	w.mu.Lock()
	w.mu.ready = true
	w.mu.cond.Signal()
	w.mu.Unlock()
}
