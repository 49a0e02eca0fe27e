// Package refresher holds types whose constructor (or a Start method)
// starts a goroutine that keeps writing one of their maps, while
// exported methods read it: each ❌ shape has a ✅ twin.
package refresher

import (
	"sync"
	"time"
)

func load() map[string]int { return nil }

// ❌ The refresher writes c.m unlocked; Get reads it unlocked.
type Cache struct {
	m map[string]int
}

func NewCache() *Cache {
	c := &Cache{m: map[string]int{}}
	go c.refresh()
	return c
}

func (c *Cache) refresh() {
	for range time.Tick(time.Minute) {
		for k, v := range load() {
			c.m[k] = v
		}
	}
}

func (c *Cache) Get(k string) int {
	return c.m[k] // want `map c.m is read by the exported method Get while the goroutine running refresh, started at refresher.go:20 and never waited for, writes it`
}

// ✅ Both hold the same mutex.
type Locked struct {
	mu sync.RWMutex
	m  map[string]int
}

func NewLocked() *Locked {
	l := &Locked{m: map[string]int{}}
	go l.refresh()
	return l
}

func (l *Locked) refresh() {
	for range time.Tick(time.Minute) {
		l.mu.Lock()
		l.m["k"]++
		l.mu.Unlock()
	}
}

func (l *Locked) Get(k string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.m[k]
}

// ❌ Started by a method, written through a helper, read by Has.
type Registry struct {
	items map[int]bool
	stop  chan struct{}
}

func (r *Registry) Start() {
	go r.loop()
}

func (r *Registry) loop() {
	for {
		select {
		case <-r.stop:
			return
		case <-time.After(time.Second):
			r.expire()
		}
	}
}

func (r *Registry) expire() {
	delete(r.items, 0)
}

func (r *Registry) Len() int {
	return len(r.items) // len is no map read the runtime checks: silent
}

func (r *Registry) Has(k int) bool {
	return r.items[k] // want `map r.items is read by the exported method Has while the goroutine running loop`
}

// ✅ The constructor waits for the goroutine before returning.
type Warm struct {
	m map[string]int
}

func NewWarm() *Warm {
	w := &Warm{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(1)
	go w.fill(&wg)
	wg.Wait()
	return w
}

func (w *Warm) fill(wg *sync.WaitGroup) {
	defer wg.Done()
	for k, v := range load() {
		w.m[k] = v
	}
}

func (w *Warm) Get(k string) int { return w.m[k] }

// ✅ The goroutine writes once, not in a loop (a one-off start-up
// task is not a refresher; left to the other checks), and an
// unexported reader is not callable from outside.
type Once struct {
	m map[string]int
}

func NewOnce() *Once {
	o := &Once{m: map[string]int{}}
	go o.init()
	return o
}

func (o *Once) init() { o.m["a"] = 1 }

type Quiet struct {
	m map[string]int
}

func NewQuiet() *Quiet {
	q := &Quiet{m: map[string]int{}}
	go q.refresh()
	return q
}

func (q *Quiet) refresh() {
	for range time.Tick(time.Minute) {
		q.m["k"]++
	}
}

func (q *Quiet) get(k string) int { return q.m[k] }

// ✅ A teardown method runs after the goroutine has stopped.
func (c *Cache) Close() { clear(c.m) }
