package locks

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

func Transfer(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `to.mu is locked while from.mu is held.* \[from.mu locked here: locks.go:11:14\]$`
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}
