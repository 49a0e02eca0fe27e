package spawned

import (
	"context"
	"time"
)

// ❌ A poll loop that sleeps between passes and never consults the
// context it has.
func sleepLoop(ctx context.Context, d time.Duration) {
	go func() {
		for { // want `this goroutine loops forever without looking at its context`
			work()
			time.Sleep(d)
		}
	}()
}

// ✅ The same loop stops once the context is done.
func sleepLoopStops(ctx context.Context, d time.Duration) {
	go func() {
		for ctx.Err() == nil {
			work()
			time.Sleep(d)
		}
	}()
}

// ✅ The sleep is a select on the timer and ctx.Done().
func sleepLoopSelects(ctx context.Context, d time.Duration) {
	go func() {
		for {
			work()
			select {
			case <-ctx.Done():
				return
			case <-time.After(d):
			}
		}
	}()
}
