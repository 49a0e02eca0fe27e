package wait

import (
	"context"
	"errors"
	"sync"
	"time"
)

func fetch(int) error { return nil }

// An early return skips the Done: Wait never returns.
func earlyReturn(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			if err := fetch(x); err != nil {
				return
			}
			wg.Done()
		}()
	}
	wg.Wait() // want `wg.Wait\(\) never returns if the goroutine it counts returns without calling wg.Done\(\)`
}

// The deferred twin: silent.
func deferredDone(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(x); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// A declared worker, two calls from the Wait's view: the goroutine
// runs process, which returns on one branch without the Done.
func viaWorker(xs []int) error {
	var wg sync.WaitGroup
	errs := make([]error, len(xs))
	for i, x := range xs {
		wg.Add(1)
		go process(&wg, x, &errs[i])
	}
	wg.Wait() // want `wg.Wait\(\) never returns`
	return errors.Join(errs...)
}

func process(wg *sync.WaitGroup, x int, out *error) {
	if x < 0 {
		*out = errors.New("negative")
		return
	}
	*out = fetch(x)
	wg.Done()
}

// Done on every path, and one handed to a helper that calls it: silent.
func everyPath(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			if x < 0 {
				finish(&wg)
				return
			}
			if fetch(x) != nil {
				wg.Done()
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

func finish(wg *sync.WaitGroup) { wg.Done() }

// A panic does not return: silent.
func panics(x int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if x < 0 {
			panic("negative")
		}
		wg.Done()
	}()
	wg.Wait()
}

// A server whose loop is counted in a field: Stop's Wait never returns
// when run leaves early.
type server struct {
	wg    sync.WaitGroup
	ready bool
	quit  chan struct{}
}

func (s *server) Start() {
	s.wg.Add(1)
	go s.run()
}

func (s *server) run() {
	if !s.ready {
		return
	}
	<-s.quit
	s.wg.Done()
}

func (s *server) Stop() {
	close(s.quit)
	s.wg.Wait() // want `s.wg.Wait\(\) never returns`
}

// The seed guide's worker pool: the worker defers its Done, silent.
type Job int
type Result int

type WorkerPool struct {
	jobs    chan Job
	results chan Result
	wg      sync.WaitGroup
}

func NewWorkerPool(numWorkers int) *WorkerPool {
	pool := &WorkerPool{
		jobs:    make(chan Job, 100),
		results: make(chan Result, 100),
	}
	for i := 0; i < numWorkers; i++ {
		pool.wg.Add(1)
		go pool.worker()
	}
	return pool
}

func (p *WorkerPool) worker() {
	defer p.wg.Done()
	for job := range p.jobs {
		p.results <- Result(job)
	}
}

func (p *WorkerPool) Close() {
	close(p.jobs)
	p.wg.Wait()
	close(p.results)
}

// The seed guide's fan-in: silent.
func fanIn(channels ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)

	output := func(c <-chan int) {
		defer wg.Done()
		for n := range c {
			out <- n
		}
	}

	wg.Add(len(channels))
	for _, c := range channels {
		go output(c)
	}

	go func() {
		wg.Wait()
		close(out)
	}()

	return out
}

// The seed guide's graceful shutdown: silent.
func shutdown(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go worker(ctx, &wg)
	}
	wg.Wait()
}

func worker(ctx context.Context, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		default:
		}
	}
}

// Someone else calls Done for the goroutine: not ours to follow, silent.
func doneElsewhere(done chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		<-done
	}()
	go func() {
		defer wg.Done()
		<-done
	}()
	wg.Wait()
}

// collect is also called with no group: it calls Done only when it is
// given one, deferred at its start.
func collect(x int, wg *sync.WaitGroup) {
	if wg != nil {
		defer wg.Done()
	}
	if err := fetch(x); err != nil {
		return
	}
}

// The spawner's group is never nil in collect: silent.
func nilGuardedDone(xs []int) {
	wg := &sync.WaitGroup{}
	for _, x := range xs {
		wg.Add(1)
		go collect(x, wg)
	}
	wg.Wait()
}

// collectLate returns before its nil-guarded Done is deferred.
func collectLate(x int, wg *sync.WaitGroup) {
	if x < 0 {
		return
	}
	if nil != wg {
		defer wg.Done()
	}
	_ = fetch(x)
}

func nilGuardedLate(xs []int) {
	wg := &sync.WaitGroup{}
	for _, x := range xs {
		wg.Add(1)
		go collectLate(x, wg)
	}
	wg.Wait() // want `Wait\(\) never returns if the goroutine it counts returns without calling`
}

// A ticker's channel is never closed: the loop is left only by the
// case that calls Done. Silent.
func tickerLoop(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for range time.NewTicker(time.Millisecond).C {
			select {
			case <-ctx.Done():
				wg.Done()
				return
			default:
			}
			_ = fetch(0)
		}
	}()
	wg.Wait()
}

// The twin ranges over a channel something else may close.
func channelLoop(ctx context.Context, ticks chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for range ticks {
			select {
			case <-ctx.Done():
				wg.Done()
				return
			default:
			}
			_ = fetch(0)
		}
	}()
	wg.Wait() // want `wg.Wait\(\) never returns if the goroutine it counts returns without calling wg.Done\(\)`
}
