// Package registry holds one side of a cross-package inversion.
package registry

import "sync"

type Registry struct {
	Mu    sync.Mutex
	items map[string]*Entry
}

type Entry struct {
	Mu  sync.Mutex
	Key string
}

// Forget locks Registry.Mu.
func (r *Registry) Forget(key string) {
	r.Mu.Lock()
	delete(r.items, key)
	r.Mu.Unlock()
}

// Update takes Registry.Mu, then Entry.Mu.
func (r *Registry) Update(e *Entry) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	e.Mu.Lock()
	r.items[e.Key] = e
	e.Mu.Unlock()
}
