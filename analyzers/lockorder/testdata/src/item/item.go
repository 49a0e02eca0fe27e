// Package item imports registry and inverts its order.
package item

import (
	"sync"

	"registry"
)

// Touch takes Entry.Mu, then Registry.Mu inside registry.Forget:
// registry.Update takes them the other way round.
func Touch(r *registry.Registry, e *registry.Entry) {
	e.Mu.Lock()
	defer e.Mu.Unlock()
	r.Forget(e.Key) // want `lock order inversion: \(registry.Entry\).Mu then \(registry.Registry\).Mu here \(via item.Touch → \(\*registry.Registry\).Forget\), but \(registry.Registry\).Mu then \(registry.Entry\).Mu at registry.go:\d+ in \(\*registry.Registry\).Update`
}

type Item struct {
	mu sync.Mutex
}

// ✅ Item.mu then Registry.Mu, and nothing takes them the other way.
func (it *Item) Remove(r *registry.Registry) {
	it.mu.Lock()
	defer it.mu.Unlock()
	r.Forget("x")
}
