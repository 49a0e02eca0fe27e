// Package clean has nothing for concurlint to report.
package clean

import "sync"

type Account struct {
	ID      int
	mu      sync.Mutex
	balance int
}

// Transfer locks the two accounts in ID order.
func Transfer(from, to *Account, amount int) {
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

// Sum hands each goroutine its own copy of the loop variable.
func Sum(items []int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for _, it := range items {
		wg.Add(1)
		go func(it int) {
			defer wg.Done()
			mu.Lock()
			total += it
			mu.Unlock()
		}(it)
	}
	wg.Wait()
	return total
}
