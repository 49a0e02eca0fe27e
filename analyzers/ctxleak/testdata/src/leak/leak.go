package leak

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func use(...any) {}

// ❌ Discarded.
func discarded(ctx context.Context) {
	ctx, _ = context.WithTimeout(ctx, time.Second) // want `the cancel function returned by context.WithTimeout is discarded: the context's resources are held until its deadline passes or its parent is done`
	use(ctx)
}

// ❌ An early return skips the cancel.
func earlyReturn(ctx context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is not called on every path: the context's resources are held until its parent is done;`
	if fail {
		return errors.New("fail")
	}
	defer cancel()
	use(ctx)
	return nil
}

// ❌ Never called.
func neverCalled(ctx context.Context) {
	ctx, cancel := context.WithDeadline(ctx, time.Now()) // want `the cancel function returned by context.WithDeadline is discarded`
	_ = cancel
	use(ctx)
}

// ❌ signal.NotifyContext's stop too.
func notify() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `the cancel function returned by signal.NotifyContext is discarded`
	_ = stop
	use(ctx)
}

// ❌ defer cancel() in a loop that runs as long as its channel is open.
func deferInLoop(ctx context.Context, urls <-chan string) {
	for u := range urls {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // want `cancel is deferred inside a loop`
		use(ctx, u)
	}
}

// ✅ The seed's timeout pattern.
func fetchWithTimeout(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	use(ctx)
	return nil
}

// ✅ Returned to the caller.
func returned(ctx context.Context) (context.Context, context.CancelFunc) { // want returned:"returns cancel as result 1"
	return context.WithCancel(ctx)
}

func returnedVar(ctx context.Context) (context.Context, func()) { // want returnedVar:"returns cancel as result 1"
	ctx, cancel := context.WithCancel(ctx)
	return ctx, cancel
}

type server struct {
	cancel context.CancelFunc
	stops  []func()
}

var globalCancel context.CancelFunc

// stop calls the stored cancel: storing it in the field hands it on.
func (s *server) stop() { s.cancel() }

// ✅ Stored in a field.
func (s *server) start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	use(ctx)
}

func (s *server) startVar(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	use(ctx)
}

// ✅ Stored in a package variable.
func startGlobal(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	globalCancel = cancel
	use(ctx)
}

// ✅ Passed to a function.
func passed(ctx context.Context, register func(func())) {
	ctx, cancel := context.WithCancel(ctx)
	register(cancel)
	use(ctx)
}

// ✅ Sent on a channel.
func sent(ctx context.Context, ch chan<- context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	ch <- cancel
	use(ctx)
}

// ✅ Appended to a slice of cancels that is later called.
func (s *server) appended(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.stops = append(s.stops, cancel)
	use(ctx)
}

// ✅ Called in a goroutine that waits, then cancels (the seed's
// graceful shutdown).
func shutdown(sig <-chan os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sig
		cancel()
	}()
	use(ctx)
}

// ✅ A deferred closure.
func deferredClosure(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer func() { cancel() }()
	use(ctx)
}

// ✅ Cancel at the end of each iteration.
func cancelEachIteration(ctx context.Context, urls []string) {
	for _, u := range urls {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		use(ctx, u)
		cancel()
	}
}

// ✅ Process exits.
func fatal(ctx context.Context, bad bool) {
	ctx, cancel := context.WithCancel(ctx)
	if bad {
		os.Exit(1)
	}
	defer cancel()
	use(ctx)
}

func doWork() {}

// ✅ The seed's worker.
func worker(ctx context.Context, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		default:
			doWork()
		}
	}
}

func startWorkers(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go worker(ctx, &wg)
	}
	wg.Wait()
}

// ❌ A goroutine that loops forever and never looks at ctx.
func spin(ctx context.Context, work func()) {
	go func() {
		for { // want `this goroutine loops forever without looking at its context: nothing can stop it`
			work()
		}
	}()
}

// ❌ A named worker that ignores its context.
func deafWorker(ctx context.Context, jobs chan int) {
	for { // want `loops forever without looking at its context`
		j := <-jobs
		use(j)
	}
}

func startDeaf(ctx context.Context, jobs chan int) {
	go deafWorker(ctx, jobs)
}

// ❌ An errgroup task.
func group(ctx context.Context, work func()) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		for { // want `this errgroup task loops forever`
			work()
		}
	})
	return g.Wait()
}

// ✅ A loop that ends when its channel closes.
func drains(ctx context.Context, jobs chan int) {
	go func() {
		for {
			j, ok := <-jobs
			if !ok {
				return
			}
			use(j)
		}
	}()
}

// ✅ A loop that passes ctx on.
func passesCtx(ctx context.Context, step func(context.Context) error) {
	go func() {
		for {
			if err := step(ctx); err != nil {
				break
			}
		}
	}()
}

// ✅ A goroutine with no context in scope.
func noContext(work func()) {
	go func() {
		for {
			work()
		}
	}()
}

var initCtx context.Context

// ✅ init runs once, before the program starts.
func init() {
	initCtx, _ = context.WithTimeout(context.Background(), time.Minute)
}

// ✅ Tests' t.Context() has no cancel to lose.
type testingT interface{ Context() context.Context }

func usesTestContext(t testingT) {
	use(t.Context())
}
