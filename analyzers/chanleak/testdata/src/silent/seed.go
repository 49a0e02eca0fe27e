// Package silent holds the ✅ shapes of the seed guide and of issue 16:
// chanleak must report none of them.
package silent

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"
)

// Fan-in: wg.Wait(); close(out) after every sender.
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

// Fan-in consumed locally: the relay closes after every sender.
func fanInLocal(parts [][]int) int {
	var wg sync.WaitGroup
	out := make(chan int)
	for _, p := range parts {
		p := p
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, v := range p {
				out <- v
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	total := 0
	for v := range out {
		total += v
	}
	return total
}

// Semaphore.
type Semaphore struct{ sem chan struct{} }

func NewSemaphore(max int) *Semaphore { return &Semaphore{sem: make(chan struct{}, max)} }

func (s *Semaphore) Acquire() { s.sem <- struct{}{} }
func (s *Semaphore) Release() { <-s.sem }

func useSemaphore(jobs []int) {
	sem := NewSemaphore(10)
	for _, job := range jobs {
		sem.Acquire()
		go func(j int) {
			defer sem.Release()
			_ = j
		}(job)
	}
}

// A local semaphore.
func localSemaphore(jobs []int) {
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func(j int) {
			defer wg.Done()
			defer func() { <-sem }()
			_ = j
		}(j)
	}
	wg.Wait()
}

// Worker pool.
type Job int
type Result int

type WorkerPool struct {
	jobs    chan Job
	results chan Result
	wg      sync.WaitGroup
}

func NewWorkerPool(numWorkers int) *WorkerPool {
	pool := &WorkerPool{jobs: make(chan Job, 100), results: make(chan Result, 100)}
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

// Graceful shutdown: signal.Notify's channel, workers watching ctx.
func shutdown() {
	ctx, cancel := context.WithCancel(context.Background())
	sigChan := make(chan os.Signal, 1)
	signal.Notify(sigChan, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sigChan
		cancel()
	}()
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

// Errgroup with a context and a semaphore.
func errgroupSem(ctx context.Context, items []int) error {
	g, ctx := errgroup.WithContext(ctx)
	sem := make(chan struct{}, 10)
	for _, item := range items {
		item := item
		g.Go(func() error {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case sem <- struct{}{}:
			}
			defer func() { <-sem }()
			_ = item
			return nil
		})
	}
	return g.Wait()
}

// Channel ownership: the owner closes after its sends, watching ctx.
func owner(ctx context.Context, work []int) int {
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for _, j := range work {
			select {
			case <-ctx.Done():
				return
			case jobs <- j:
			}
		}
	}()
	n := 0
	for j := range jobs {
		n += j
	}
	return n
}

// Timers and tickers: the runtime sends.
func timers(d time.Duration) {
	t := time.NewTimer(d)
	<-t.C
	tk := time.NewTicker(d)
	defer tk.Stop()
	<-tk.C
	<-time.After(d)
}

// Sends and receives in a select with a default never wait.
func tryBoth() {
	ch := make(chan int)
	go func() {
		select {
		case ch <- 1:
		default:
		}
	}()
	select {
	case <-ch:
	default:
	}
}

// A receive beside ctx.Done() can leave.
func recvOrDone(ctx context.Context) {
	ch := make(chan int)
	go func() {
		select {
		case ch <- 1:
		case <-ctx.Done():
		}
	}()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// Passed to a function whose effects are unknown: silent.
func handOff(register func(chan int)) int {
	ch := make(chan int)
	register(ch)
	return <-ch
}

// The sole sender closes on every path, with defer.
func generator(n int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// A done channel closed by a goroutine before it exits.
func doneSignal(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}
