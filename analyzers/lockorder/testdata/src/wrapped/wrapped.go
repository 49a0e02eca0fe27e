// Package wrapped takes locks through interfaces (wsync, as syncthing's
// lib/sync). The model counts them as held for the checks a held lock
// silences, but they form no lock-order edges, self-deadlocks or leaks:
// what their methods do is unknown.
package wrapped

import (
	"sync"

	"wsync"
)

type Account struct {
	mu      wsync.Mutex
	balance int
}

func transfer(from, to *Account, n int) {
	from.mu.Lock()
	to.mu.Lock()
	from.balance -= n
	to.balance += n
	to.mu.Unlock()
	from.mu.Unlock()
}

// The twin on sync mutexes is reported.
type SyncAccount struct {
	mu      sync.Mutex
	balance int
}

func syncTransfer(from, to *SyncAccount, n int) {
	from.mu.Lock()
	to.mu.Lock() // want `to.mu is locked while from.mu is held, and both are \(wrapped.SyncAccount\).mu: nothing decides their order`
	from.balance -= n
	to.balance += n
	to.mu.Unlock()
	from.mu.Unlock()
}

type both struct {
	w wsync.Mutex
	s sync.Mutex
}

func (b *both) ws() {
	b.w.Lock()
	b.s.Lock()
	b.s.Unlock()
	b.w.Unlock()
}

func (b *both) sw() {
	b.s.Lock()
	b.w.Lock()
	b.w.Unlock()
	b.s.Unlock()
}

func (b *both) twice() {
	b.w.Lock()
	b.w.Lock()
	b.w.Unlock()
}

func (b *both) leak(fail bool) error {
	b.w.Lock()
	if fail {
		return nil
	}
	b.w.Unlock()
	return nil
}
