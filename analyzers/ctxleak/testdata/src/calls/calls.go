// Package calls holds cancels handed to helpers of the same package.
package calls

import (
	"context"
	"time"
)

func use(...any) {}

// stop calls its cancel on every path (a nil one is skipped: a
// constructor's cancel is never nil).
func stop(cancel context.CancelFunc) {
	if cancel != nil {
		cancel()
	}
}

// stopVia calls it two calls away.
func stopVia(cancel context.CancelFunc) { stop(cancel) }

// stopOnError calls it on the error path only.
func stopOnError(err error, cancel context.CancelFunc) {
	if err != nil {
		cancel()
	}
}

// stopOnErrorVia is stopOnError one call further.
func stopOnErrorVia(err error, cancel context.CancelFunc) { stopOnError(err, cancel) }

// logOnly never calls it.
func logOnly(cancel context.CancelFunc) { use("done") }

// watch waits, then calls it: started as a goroutine.
func watch(ctx context.Context, cancel context.CancelFunc, done <-chan struct{}) {
	defer cancel()
	<-done
}

type conn struct{ pending []context.CancelFunc }

// release is a method that calls its cancel on every path.
func (c *conn) release(cancel context.CancelFunc) {
	defer cancel()
	c.pending = nil
}

// maybeRelease is a method that calls it on some paths.
func (c *conn) maybeRelease(cancel context.CancelFunc) {
	if len(c.pending) == 0 {
		cancel()
	}
}

// keep stores it: its callers hand the cancel on.
func (c *conn) keep(cancel context.CancelFunc) { c.pending = append(c.pending, cancel) }

// ✅ A helper that always calls the cancel, one and two calls away.
func helperAlways(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	use(ctx)
	stop(cancel)
}

func helperAlwaysVia(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer stopVia(cancel)
	use(ctx)
}

func (c *conn) methodAlways(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	use(ctx)
	c.release(cancel)
}

// ✅ Handed to a goroutine that defers it.
func goroutineDefers(ctx context.Context, done <-chan struct{}) {
	ctx, cancel := context.WithCancel(ctx)
	go watch(ctx, cancel, done)
	use(ctx)
}

// ✅ Handed to a method that stores it.
func (c *conn) stored(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	c.keep(cancel)
	use(ctx)
}

// ❌ A helper that calls it on the error path only, one and two calls
// away, and a method that calls it on some paths.
func helperSome(ctx context.Context, try func(context.Context) error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function returned by context.WithTimeout is not called on every path`
	stopOnError(try(ctx), cancel)
}

func helperSomeVia(ctx context.Context, try func(context.Context) error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function returned by context.WithTimeout is not called on every path`
	stopOnErrorVia(try(ctx), cancel)
}

func (c *conn) methodSome(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is not called on every path`
	use(ctx)
	c.maybeRelease(cancel)
}

// ❌ A helper that never calls it.
func helperNever(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is never called`
	use(ctx)
	logOnly(cancel)
}

// ❌ A goroutine that never calls it.
func goroutineNever(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is never called`
	go logOnly(cancel)
	use(ctx)
}

// ❌ A helper deferred in an endless loop piles the contexts up like
// defer cancel() does.
func deferHelperInLoop(ctx context.Context, jobs <-chan string) {
	for j := range jobs {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer stopVia(cancel) // want `cancel is deferred inside a loop`
		use(ctx, j)
	}
}

// ✅ In a counted loop it is not reported.
func deferHelperInCountedLoop(ctx context.Context, jobs []string) {
	for _, j := range jobs {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer stop(cancel)
		use(ctx, j)
	}
}

// ✅ A constructor's cancel compared with nil is still not nil.
func nilCheck(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	if cancel != nil {
		defer cancel()
	}
	use(ctx)
}

// ❌ Overwritten before it is called (a local).
func overwrittenLocal(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is overwritten before it is called`
	ctx, cancel = context.WithTimeout(ctx, time.Second)
	defer cancel()
	use(ctx)
}

// ✅ Called before the second assignment.
func calledThenReassigned(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	use(ctx)
	cancel()
	ctx, cancel = context.WithTimeout(ctx, time.Second)
	defer cancel()
	use(ctx)
}

// recursive calls its cancel at the end of a recursion.
func recursive(n int, cancel context.CancelFunc) {
	if n == 0 {
		cancel()
		return
	}
	recursive(n-1, cancel)
}

// ✅ Recursion: the summary stays safe.
func callsRecursive(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	use(ctx)
	recursive(3, cancel)
}

// watchSignal cancels on a signal, or returns once the context is done
// (then there is nothing left to cancel).
func watchSignal(ctx context.Context, cancel context.CancelFunc, sig <-chan struct{}) {
	select {
	case <-ctx.Done():
	case <-sig:
		cancel()
	}
}

// watchEither returns on another signal without cancelling.
func watchEither(ctx context.Context, cancel context.CancelFunc, sig, quit <-chan struct{}) {
	select {
	case <-quit:
	case <-sig:
		cancel()
	}
}

// ✅ The watcher cancels unless the context is already done.
func watched(ctx context.Context, sig <-chan struct{}) {
	ctx, cancel := context.WithCancel(ctx)
	go watchSignal(ctx, cancel, sig)
	use(ctx)
}

// ❌ Its twin returns on quit with the context still live.
func watchedEither(ctx context.Context, sig, quit <-chan struct{}) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is not called on every path`
	go watchEither(ctx, cancel, sig, quit)
	use(ctx)
}

// withSecondVia returns withSecond's cancel: a wrapper two levels up.
func withSecondVia(ctx context.Context) (context.Context, context.CancelFunc) { // want withSecondVia:"returns cancel as result 1"
	return withSecond(ctx)
}

// ❌ Discarded, and lost on a path, two calls away from the constructor.
func discardTwoLevels(ctx context.Context) {
	ctx, _ = withSecondVia(ctx) // want `the cancel function returned by withSecondVia is discarded`
	use(ctx)
}

func lostTwoLevels(ctx context.Context, bad bool) {
	ctx, cancel := withSecondVia(ctx) // want `the cancel function returned by withSecondVia is not called on every path`
	if bad {
		return
	}
	defer cancel()
	use(ctx)
}

// ❌ A method deferred in a poll loop, one call away.
func (c *conn) pollDeferred(ctx context.Context, ready func(context.Context) bool) {
	for {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer c.release(cancel) // want `cancel is deferred inside a loop`
		if ready(ctx) {
			return
		}
	}
}
