package chain

import "sync"

type Registry struct {
	mu    sync.Mutex
	items map[string]*Item
}

type Item struct {
	mu  sync.Mutex
	reg *Registry
	key string
}

// Registry.mu then Item.mu.
func (r *Registry) Add(it *Item) {
	r.mu.Lock()
	defer r.mu.Unlock()
	it.mu.Lock() // want `lock order inversion: \(chain.Registry\).mu then \(chain.Item\).mu here in \(\*chain.Registry\).Add, but \(chain.Item\).mu then \(chain.Registry\).mu at chain.go:\d+ \(via \(\*chain.Item\).Remove → \(\*chain.Registry\).forget\)`
	defer it.mu.Unlock()
	r.items[it.key] = it
}

// Item.mu then Registry.mu, through a call chain.
func (it *Item) Remove() {
	it.mu.Lock()
	defer it.mu.Unlock()
	it.reg.forget(it)
}

func (r *Registry) forget(it *Item) {
	r.mu.Lock()
	delete(r.items, it.key)
	r.mu.Unlock()
}

// A three-lock cycle: A then B, B then C, C then A.
var a, b, c sync.Mutex

func ab() {
	a.Lock()
	b.Lock() // want `lock order inversion: chain.a then chain.b here in chain.ab, but chain.b then chain.c at chain.go:\d+ in chain.bc, chain.c then chain.a at chain.go:\d+ in chain.ca`
	b.Unlock()
	a.Unlock()
}

func bc() {
	b.Lock()
	c.Lock()
	c.Unlock()
	b.Unlock()
}

func ca() {
	c.Lock()
	a.Lock()
	a.Unlock()
	c.Unlock()
}

// ✅ The same order everywhere.
var x, y sync.Mutex

func xy1() {
	x.Lock()
	y.Lock()
	y.Unlock()
	x.Unlock()
}

func xy2() {
	x.Lock()
	defer x.Unlock()
	y.Lock()
	defer y.Unlock()
}

// ✅ A goroutine's acquisitions are not nested in its spawner's.
func yxInGoroutine() {
	y.Lock()
	defer y.Unlock()
	go func() {
		x.Lock()
		x.Unlock()
	}()
}
