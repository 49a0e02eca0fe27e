//go:build go1.21

package demo

import "sync"

type Account struct {
	ID      int
	mu      sync.Mutex
	balance int
}

// ❌ Lock-order risk: transfer(a, b) locks a then b while a concurrent
// transfer(b, a) locks b then a; each holds one lock and waits forever
// for the other.
func Transfer(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

// ✅ Lock in a consistent global order (by ID), whichever way the
// money moves.
func TransferFixed(from, to *Account, amount int) {
	first, second := from, to
	if from.ID > to.ID {
		first, second = to, from
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}
