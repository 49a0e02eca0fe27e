// Package bugs holds the findings scripts/golangci-e2e.sh expects from
// golangci-lint built with the concurlint plugin. The module says
// go 1.21, so loop variables are shared by every iteration.
//
// Line numbers matter: the script asserts exact positions. Add new
// cases at the end of a file.
package bugs

import "sync"

type Account struct {
	ID      int
	mu      sync.Mutex
	balance int
}

// BUG (lockorder): transfer(a, b) and transfer(b, a) deadlock.
func Transfer(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}
