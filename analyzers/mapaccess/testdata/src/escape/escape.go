package escape

import "sync"

// until runs f until stop is closed.
func until(f func(), stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		f()
	}
}

type queue struct {
	mu    sync.Mutex
	items map[string]int
	stop  chan struct{}
	done  chan struct{}
}

// flush drops an item, with no lock.
func (q *queue) flush() {
	delete(q.items, "a")
}

func (q *queue) run() {
	go until(q.flush, q.stop)
}

func newQueue() *queue {
	q := &queue{items: map[string]int{}, stop: make(chan struct{})}
	q.run()
	return q
}

func NewQueue() *queue { return newQueue() }

func (q *queue) Stop() { close(q.stop) }

// ❌ The goroutine newQueue's run started (two calls down) keeps
// deleting from q.items; the caller reads it at once.
func readAfterNew() int {
	q := NewQueue()
	return q.items["a"] // want `map NewQueue\(\).items is read here while a goroutine started in the call at escape.go:46, and never waited for, writes it`
}

// ❌ The same through a parameter: start leaves the goroutine running on
// the caller's queue.
func start(q *queue) { q.run() }

func writeAfterStart(q *queue) {
	start(q)
	q.items["b"] = 1 // want `map q.items is written here while a goroutine started in the call at escape.go:55`
}

// ✅ Stopped first: a teardown call may wait for the goroutine.
func readAfterStop() int {
	q := NewQueue()
	q.Stop()
	return q.items["a"]
}

// ✅ The caller waits for a signal first.
func readAfterDone(q *queue) int {
	start(q)
	<-q.done
	return q.items["a"]
}

// ✅ Written before the call that starts the goroutine.
func writeBeforeStart(q *queue) {
	q.items["b"] = 1
	start(q)
}

type cache struct {
	m map[string]int
}

func (c *cache) scan() {
	for {
		for k := range c.m {
			_ = k
		}
	}
}

func newCache() *cache {
	c := &cache{m: map[string]int{}}
	go c.scan()
	return c
}

// ✅ The goroutine only reads, and so does the caller.
func readBeside() int {
	c := newCache()
	return c.m["a"]
}

type joined struct {
	m map[string]int
}

func newJoined() *joined {
	j := &joined{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		j.m["a"] = 1
	}()
	wg.Wait()
	return j
}

// ✅ The constructor waited for its goroutine.
func writeAfterJoined() {
	j := newJoined()
	j.m["b"] = 2
}

type gated struct {
	m     map[string]int
	ready chan struct{}
}

func newGated() *gated {
	g := &gated{m: map[string]int{}, ready: make(chan struct{})}
	go func() {
		<-g.ready
		g.m["a"] = 1
	}()
	return g
}

// ✅ The goroutine writes only after the caller's signal, which follows
// the caller's write.
func writeThenSignal() {
	g := newGated()
	g.m["b"] = 2
	close(g.ready)
}

type locked struct {
	mu sync.Mutex
	m  map[string]int
}

func newLocked() *locked {
	l := &locked{m: map[string]int{}}
	go func() {
		for {
			l.mu.Lock()
			l.m["a"]++
			l.mu.Unlock()
		}
	}()
	return l
}

// ✅ Both hold the goroutine's lock.
func writeLocked() {
	l := newLocked()
	l.mu.Lock()
	l.m["b"] = 2
	l.mu.Unlock()
}
