package escape

import (
	"sync"
	"testing"
)

// A goroutine that writes under its object's lock, left running by a
// constructor, beside callers whose locks are all in sight: a function
// literal only a go statement runs starts holding none.

type lockedQueue struct {
	mu    sync.Mutex
	items map[string]int
	stop  chan struct{}
}

func (q *lockedQueue) flush() {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.items, "a")
}

func newLockedQueue() *lockedQueue {
	q := &lockedQueue{items: map[string]int{}, stop: make(chan struct{})}
	go until(q.flush, q.stop)
	return q
}

func (q *lockedQueue) get() int { return q.items["a"] }

// ❌ The goroutine body reads without q.mu while flush deletes under it.
func readInGoroutine() {
	go func() {
		q := newLockedQueue()
		_ = q.get() // want `map newLockedQueue\(\).items is read here while a goroutine started in the call at locked.go:35`
	}()
}

// ✅ The same in a Test function: tests touch internals bare on
// purpose, knowing what they started is idle.
func TestLockedQueue(t *testing.T) {
	q := newLockedQueue()
	q.items["b"] = 1
}

// ✅ The goroutine body holds q.mu too.
func readLockedInGoroutine() {
	go func() {
		q := newLockedQueue()
		q.mu.Lock()
		_ = q.get()
		q.mu.Unlock()
	}()
}

func (q *lockedQueue) lockedGet() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.items["a"]
}

// ✅ Read through a method that takes the lock (which locks a callee
// holds at its access is the model's least certain answer).
func readThroughLockingMethod() {
	go func() {
		q := newLockedQueue()
		_ = q.lockedGet()
	}()
}

// ✅ An ordinary function: its callers may hold q.mu (the guarded-by
// inference's case).
func readInFunction() int {
	q := newLockedQueue()
	return q.get()
}

// ✅ The literal is also called directly, from a caller that may hold
// the lock: its locks are not all in sight.
func readInSharedLiteral(q0 *lockedQueue) {
	f := func() {
		q := newLockedQueue()
		_ = q.get()
	}
	go f()
	q0.mu.Lock()
	f()
	q0.mu.Unlock()
}

// ✅ Stopped first (a teardown call may wait for the goroutine).
func readAfterStopInGoroutine() {
	go func() {
		q := newLockedQueue()
		close(q.stop)
		q.Stop()
		_ = q.get()
	}()
}

func (q *lockedQueue) Stop() {}

// Through an interface with two implementations in the package: the
// wrapper's Pop calls pop, which calls through the interface.

type popper interface {
	Pop()
}

type heapData struct {
	items map[string]int
}

func (h *heapData) Pop() { delete(h.items, "a") }

type heap struct {
	data *heapData
}

func (h *heap) Pop() { pop(h.data) }

func (h *heap) get() int { return h.data.items["a"] }

func pop(p popper) { p.Pop() }

type priorityQueue struct {
	mu   sync.RWMutex
	heap *heap
	stop chan struct{}
}

func (p *priorityQueue) flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.heap.Pop()
}

func newPriorityQueue() *priorityQueue {
	p := &priorityQueue{heap: &heap{data: &heapData{items: map[string]int{}}}, stop: make(chan struct{})}
	go until(p.flush, p.stop)
	return p
}

// ❌ flush deletes from the heap's items through pop's interface call.
func readHeapInGoroutine() {
	go func() {
		p := newPriorityQueue()
		_ = p.heap.get() // want `map newPriorityQueue\(\).heap.data.items is read here while a goroutine started in the call at locked.go:148`
	}()
}

// ✅ Under p.mu.
func readHeapLockedInGoroutine() {
	go func() {
		p := newPriorityQueue()
		p.mu.RLock()
		_ = p.heap.get()
		p.mu.RUnlock()
	}()
}

// ❌ A goroutine that deletes through the interface while its spawner
// reads.
func spawnPop() int {
	h := &heapData{items: map[string]int{}}
	go func() {
		pop(h) // want `map h.items is written by this goroutine while its spawner reads it`
	}()
	return h.items["a"]
}

// ✅ The spawner waits for it first.
func spawnPopWait() int {
	h := &heapData{items: map[string]int{}}
	done := make(chan struct{})
	go func() {
		pop(h)
		close(done)
	}()
	<-done
	return h.items["a"]
}
