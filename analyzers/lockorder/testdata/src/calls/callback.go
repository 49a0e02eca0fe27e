package calls

import "sync"

// Callbacks: a function that calls the function it is given, under its
// lock, nests what that function locks under its lock.

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) locked(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
}

type Index struct{ mu sync.Mutex }

func (i *Index) refresh(c *Cache) {
	c.locked(func() { // want `lock order inversion: \(calls.Cache\).mu then \(calls.Index\).mu here \(via \(\*calls.Index\).refresh → \(\*calls.Cache\).locked → \(\*calls.Index\).refresh\$1\)`
		i.mu.Lock()
		i.mu.Unlock()
	})
}

func (i *Index) rebuild(c *Cache) {
	i.mu.Lock()
	defer i.mu.Unlock()
	c.mu.Lock()
	c.mu.Unlock()
}

// The caller's own lock held around the callback: a self-deadlock.
func (c *Cache) update(k string) {
	c.locked(func() {
		c.items[k]++
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.locked(func() { // want `self-deadlock: c.mu is locked again`
		c.items[k]--
	})
}

// ✅ A callback that runs on its own goroutine orders nothing, and a
// callback that takes no lock nests nothing.

func (c *Cache) async(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	go f()
}

type Journal struct{ mu sync.Mutex }

func (j *Journal) record(c *Cache) {
	c.async(func() {
		j.mu.Lock()
		j.mu.Unlock()
	})
	c.locked(func() {})
}

func (j *Journal) replay(c *Cache) {
	j.mu.Lock()
	defer j.mu.Unlock()
	c.mu.Lock()
	c.mu.Unlock()
}
