// Package cache is the ❌ fixture for scripts/precommit-e2e.sh: both
// concurlint hooks must fail on it. It sits below the module root
// so that only ./... reaches it: a hook that lost its args would not
// see it.
package cache

import "sync"

type Cache struct {
	mu    sync.Mutex
	index sync.Mutex
	items map[string]int
	keys  []string
}

// Put locks mu, then index.
func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index.Lock()
	defer c.index.Unlock()
	c.items[k] = v
	c.keys = append(c.keys, k)
}

// Compact locks index, then mu: against a concurrent Put, each holds
// one lock and waits for the other.
func (c *Cache) Compact() {
	c.index.Lock()
	defer c.index.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keys = c.keys[:0]
}

// Warm starts a goroutine per key that reads the loop variable, which
// go 1.21 shares across iterations.
func (c *Cache) Warm(keys []string, load func(string) int) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Put(k, load(k))
		}()
	}
	wg.Wait()
}
