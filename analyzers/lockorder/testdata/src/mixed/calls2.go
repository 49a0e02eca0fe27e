package mixed

import "sync"

// A range and a Cond.Wait one and two calls away from the held lock,
// with the partner taking the lock one and two calls away, all on
// fields of nested structs.

type counters struct {
	mu sync.Mutex
	n  int
}

type feedPipe struct {
	items chan int
}

type Hub struct {
	c    counters
	feed feedPipe
}

func NewHub() *Hub {
	h := &Hub{feed: feedPipe{items: make(chan int)}}
	go h.produce()
	return h
}

func (h *Hub) count() {
	h.c.mu.Lock()
	h.c.n++
	h.c.mu.Unlock()
}

func (h *Hub) countTwice() { h.count() }

// produce is the only sender and closer: it locks two calls away before
// each send.
func (h *Hub) produce() {
	for i := 0; i < 3; i++ {
		h.countTwice()
		h.feed.items <- i
	}
	close(h.feed.items)
}

func (h *Hub) drain() {
	for range h.feed.items {
	}
}

func (h *Hub) drain2() { h.drain() }

// ❌ The range two calls away from the lock.
func (h *Hub) Drain() {
	h.c.mu.Lock()
	defer h.c.mu.Unlock()
	h.drain2() // want `deadlock: receive from h.feed.items blocks while h.c.mu is held, and the sender \(\(\*Hub\).produce\) locks h.c.mu`
}

// ✅ Its twin lets the lock go before the range.
func (h *Hub) DrainFree() {
	h.c.mu.Lock()
	h.c.n = 0
	h.c.mu.Unlock()
	h.drain2()
}

type cell struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

type Board struct {
	guard struct{ mu sync.Mutex }
	c     cell
}

func NewBoard() *Board {
	b := &Board{}
	b.c.cond = sync.NewCond(&b.c.mu)
	return b
}

func (b *Board) await() {
	b.c.mu.Lock()
	for b.c.n == 0 {
		b.c.cond.Wait()
	}
	b.c.mu.Unlock()
}

func (b *Board) await2() { b.await() }

// ❌ The Cond.Wait two calls away from the held guard lock; the
// Signal caller takes the guard one call away.
func (b *Board) Take() {
	b.guard.mu.Lock()
	defer b.guard.mu.Unlock()
	b.await2() // want `deadlock: Wait on b.c.cond blocks while b.guard.mu is held, and the Signal caller \(\(\*Board\).Put\) locks b.guard.mu`
}

func (b *Board) mark() {
	b.guard.mu.Lock()
	b.c.n++
	b.guard.mu.Unlock()
}

func (b *Board) Put() {
	b.mark()
	b.c.cond.Signal()
}

// ✅ Its twin waits without the guard: the Cond.Wait releases only c.mu,
// which is the Cond's own lock.
func (b *Board) TakeFree() {
	b.await2()
}
