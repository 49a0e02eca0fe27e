// Package spawnpool declares spawners its importers use without naming
// them with -spawners: ctxleak learns them from spawn's facts.
package spawnpool

import "sync"

type Pool struct{ wg sync.WaitGroup }

// Submit runs f on a new goroutine.
func (p *Pool) Submit(f func()) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		f()
	}()
}

// Do runs f on the caller's goroutine: not a spawner.
func (p *Pool) Do(f func()) { f() }
