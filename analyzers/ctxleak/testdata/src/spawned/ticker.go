package spawned

import (
	"context"
	"sync"
	"time"
)

// ❌ A range over a ticker's channel never ends (the ticker never
// closes it), and the context is never consulted.
func tickerLoop(ctx context.Context) {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C { // want `this goroutine loops forever without looking at its context`
			work()
		}
	}()
}

// ❌ The same with time.Tick, in a WaitGroup.Go task.
func tickLoop(ctx context.Context, wg *sync.WaitGroup) {
	wg.Go(func() {
		for now := range time.Tick(time.Second) { // want `this goroutine loops forever without looking at its context`
			_ = now
			work()
		}
	})
}

// ✅ The ticker loop returns when the context is done.
func tickerLoopStops(ctx context.Context) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for range t.C {
			if ctx.Err() != nil {
				return
			}
			work()
		}
	}()
}

// ✅ A range over an ordinary channel ends when it is closed.
func channelLoop(ctx context.Context, jobs chan int) {
	go func() {
		for range jobs {
			work()
		}
	}()
}

// ✅ A ticker loop with a way out of its own.
func tickerLoopBreaks(ctx context.Context, done func() bool) {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C {
			if done() {
				break
			}
		}
	}()
}
