// Package spawned starts goroutines through every spawner of the shared
// table, not only go statements: each ❌ body loops forever with a
// context in scope and never looks at it; its ✅ twin selects on
// ctx.Done().
package spawned

import (
	"context"
	"sync"
	"time"

	"spawnpool"
)

func work() {}

// ❌ A WaitGroup.Go task (Go 1.25).
func waitGroupTask(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() {
		for { // want `this goroutine loops forever without looking at its context`
			work()
		}
	})
	wg.Wait()
}

// ✅ The same task, stopped by its context.
func waitGroupTaskStops(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			default:
				work()
			}
		}
	})
	wg.Wait()
}

// ❌ A time.AfterFunc callback runs on its own goroutine.
func timer(ctx context.Context) *time.Timer {
	return time.AfterFunc(time.Second, func() {
		for { // want `this AfterFunc callback loops forever without looking at its context`
			work()
		}
	})
}

// ✅ The callback looks at the context.
func timerStops(ctx context.Context) *time.Timer {
	return time.AfterFunc(time.Second, func() {
		for ctx.Err() == nil {
			work()
		}
	})
}

// ❌ A spawner of another package, known from its fact.
func submitted(ctx context.Context, p *spawnpool.Pool) {
	p.Submit(func() {
		for { // want `this goroutine loops forever without looking at its context`
			work()
		}
	})
}

// ✅ Its twin passes the context on.
func submittedStops(ctx context.Context, p *spawnpool.Pool) {
	p.Submit(func() {
		for {
			if err := step(ctx); err != nil {
				return
			}
		}
	})
}

func step(ctx context.Context) error { return ctx.Err() }

// ✅ Do runs its function on this goroutine: a loop there is not a
// goroutine that outlives its context (and ctxleak does not judge it).
func done(ctx context.Context, p *spawnpool.Pool) {
	p.Do(func() {
		for {
			work()
		}
	})
}

// relay is a spawner of this package, inferred the same way.
func relay(f func()) {
	go f()
}

// ❌ Through the local spawner.
func relayed(ctx context.Context) {
	relay(func() {
		for { // want `this goroutine loops forever`
			work()
		}
	})
}

// ❌ Through a spawner the user names (-spawners=spawned.mine).
func user(ctx context.Context) {
	mine(func() {
		for { // want `this goroutine loops forever`
			work()
		}
	})
}

func mine(f func()) { f() }
