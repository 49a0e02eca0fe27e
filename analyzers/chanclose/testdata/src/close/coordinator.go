package close

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Issue 15: a coordinator goroutine that starts the senders and defers
// the close although it never sends. The deferred close runs when the
// coordinator returns, while the workers it started may still send.
// The ✅ twins wait for the workers (or take one value from each)
// before they return; fanOutJoined in issue15.go is the WaitGroup one.

// ❌ The coordinator returns, and closes out, as soon as it has
// started the workers.
func fanOut(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out) // want `channel out is closed by this function, which never sends on it, while the goroutine started at coordinator.go:\d+ may still send on it: a send on a closed channel panics; the deferred close runs when this function returns: wait for the senders before returning`
		for i := 0; i < n; i++ {
			go func(i int) { out <- i }(i)
		}
	}()
	return out
}

// coordinate starts one sender per job and closes out when it returns.
func coordinate(out chan<- int, n int) {
	defer close(out) // want `channel out is closed by this function, which never sends on it, while the goroutine started at coordinator.go:\d+ may still send on it`
	for i := 0; i < n; i++ {
		go func(i int) { out <- i }(i)
	}
}

// ❌ The same with a named coordinator.
func fanOutNamed(n int) <-chan int {
	out := make(chan int)
	go coordinate(out, n)
	return out
}

// ❌ The coordinator starts the workers with errgroup.Go and never
// calls Wait.
func fanOutGroup(n int) <-chan int {
	out := make(chan int)
	go func() {
		var g errgroup.Group
		defer close(out) // want `channel out is closed by this function, which never sends on it, while the errgroup task started at coordinator.go:\d+ may still send on it`
		for i := 0; i < n; i++ {
			g.Go(func() error {
				out <- i
				return nil
			})
		}
	}()
	return out
}

// ✅ Twin: the coordinator waits for the group before the deferred
// close runs.
func fanOutGroupWaited(n int) <-chan int {
	out := make(chan int)
	go func() {
		var g errgroup.Group
		defer close(out)
		for i := 0; i < n; i++ {
			g.Go(func() error {
				out <- i
				return nil
			})
		}
		g.Wait()
	}()
	return out
}

// ❌ The coordinator starts the workers with WaitGroup.Go and returns
// without Wait.
func fanOutWaitGroupGo(n int) <-chan int {
	out := make(chan int)
	go func() {
		var wg sync.WaitGroup
		defer close(out) // want `channel out is closed by this function, which never sends on it, while the goroutine started at coordinator.go:\d+ may still send on it`
		for i := 0; i < n; i++ {
			wg.Go(func() { out <- i })
		}
	}()
	return out
}

// ✅ Twin: wg.Go, then wg.Wait before the deferred close.
func fanOutWaitGroupGoWaited(n int) <-chan int {
	out := make(chan int)
	go func() {
		var wg sync.WaitGroup
		defer close(out)
		for i := 0; i < n; i++ {
			wg.Go(func() { out <- i })
		}
		wg.Wait()
	}()
	return out
}

// ✅ The coordinator takes one result from each worker, and forwards
// it, before it returns: every worker has sent when the close runs.
func fanOutCollected(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		results := make(chan int)
		for i := 0; i < n; i++ {
			go func(i int) { results <- i }(i)
		}
		for i := 0; i < n; i++ {
			out <- <-results
		}
	}()
	return out
}

// ✅ The workers send on their own channel, not on out.
func fanOutOtherChannel(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			go func(i int) { errs <- nil }(i)
		}
	}()
	return out
}

// ✅ The coordinator receives once per worker from out's twin done
// before it returns (a counted receive loop).
func fanOutCounted(n int) <-chan int {
	out := make(chan int, n)
	go func() {
		done := make(chan struct{})
		defer close(out)
		for i := 0; i < n; i++ {
			go func(i int) {
				out <- i
				done <- struct{}{}
			}(i)
		}
		for i := 0; i < n; i++ {
			<-done
		}
	}()
	return out
}

// ❌ The coordinator waits for the workers on one path only: when it
// leaves early, the deferred close runs while they send.
func fanOutEarlyReturn(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		var wg sync.WaitGroup
		defer close(out) // want `channel out is closed by this function, which never sends on it, while the goroutine started at coordinator.go:\d+ may still send on it`
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				out <- i
			}(i)
		}
		if ctx.Err() != nil {
			return
		}
		wg.Wait()
	}()
	return out
}

// ✅ The close is deferred after the workers start, but it runs when
// the coordinator returns, after wg.Wait.
func fanOutDeferredLate(n int) <-chan int {
	out := make(chan int)
	go func() {
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				out <- i
			}(i)
		}
		defer close(out)
		wg.Wait()
	}()
	return out
}

// ✅ A closer beside the workers defers the close and then waits for
// them: the close runs after wg.Wait.
func deferredCloseAfterWait(n int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out <- i
		}(i)
	}
	go func() {
		defer close(out)
		wg.Wait()
	}()
	return out
}

// ✅ A fixed number of goroutines, each sending once on a channel with
// one slot per goroutine; the function receives cap(done) values
// before the deferred close runs (nats-server's jwt tests).
func fanInByCap() {
	done := make(chan struct{}, 3)
	defer close(done)
	work := func(done chan struct{}) {
		use()
		done <- struct{}{}
	}
	go work(done)
	go work(done)
	go work(done)
	for i := 0; i < cap(done); i++ {
		<-done
	}
}

// ✅ The same, and a callback made after the receive loop sends on the
// channel too: it cannot be one of the loop's senders. (Whether the
// callback may send after the close is another question, not asked of
// the goroutines.)
func fanInByCapThenCallback(register func(func()), timeout <-chan time.Time) {
	done := make(chan struct{}, 2)
	defer close(done)
	work := func(done chan struct{}) {
		use()
		done <- struct{}{}
	}
	go work(done)
	go work(done)
	for i := 0; i < cap(done); i++ {
		<-done
	}
	register(func() { done <- struct{}{} })
	select {
	case <-done:
	case <-timeout:
	}
}
