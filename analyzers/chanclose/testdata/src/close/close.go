package close

import (
	"context"
	"sync"
)

func use(...any) {}

// ❌ The seed: a goroutine that never sends closes jobs while the
// producer may still send.
func receiverCloses(work []int) {
	jobs := make(chan int)
	go func() {
		for _, j := range work {
			jobs <- j
		}
	}()
	go func() {
		close(jobs) // want `channel jobs is closed by this goroutine, which never sends on it, while the goroutine started at close.go:\d+ may still send on it: a send on a closed channel panics`
	}()
	for range jobs {
	}
}

// ❌ A consumer closes the channel it ranges over while its spawner
// still sends.
func consumerCloses(jobs chan int) {
	go func() {
		for j := range jobs {
			if j < 0 {
				close(jobs) // want `channel jobs is closed by this goroutine, which never sends on it, while the function that starts it may still send on it`
				return
			}
		}
	}()
	for i := 0; i < 10; i++ {
		jobs <- i
	}
}

// ❌ A select loop closes its input on ctx.Done() while workers send.
func selectCloses(ctx context.Context, n int) {
	in := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) { in <- i }(i)
	}
	for {
		select {
		case <-ctx.Done():
			close(in) // want `channel in is closed by this function, which never sends on it, while the goroutine started at close.go:\d+ may still send on it`
			return
		case v := <-in:
			use(v)
		}
	}
}

// ❌ Every producer, started in a loop, closes the shared channel.
func everyProducerCloses(n int) <-chan int {
	out := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			out <- i
			close(out) // want `channel out is closed by every instance of this goroutine, which is started in a loop: the second close panics`
		}(i)
	}
	return out
}

// ❌ Two different producers both close.
func twoClosers() <-chan int {
	out := make(chan int)
	go func() {
		out <- 1
		close(out)
	}()
	go func() {
		out <- 2
		close(out) // want `channel out is closed by this goroutine and also by the goroutine started at close.go:\d+: whichever closes second panics`
	}()
	return out
}

// ❌ A deferred close and an explicit one.
func deferredAndExplicit(ch chan int) {
	defer close(ch)
	ch <- 1
	close(ch) // want `ch is closed here and again by the deferred close at close.go:\d+ when the function returns`
}

// ❌ Two closes on one path.
func closedTwice(ch chan int) {
	close(ch)
	use(1)
	close(ch) // want `ch is closed twice: it is already closed at close.go:\d+ on every path here`
}

// ❌ A send after close on one path.
func sendAfterClose(ch chan int) {
	close(ch)
	ch <- 1 // want `send on closed channel: ch is closed at close.go:\d+ on every path here, so this send panics`
}

// ✅ The seed: the owner closes after all its sends.
func ownerCloses(ctx context.Context, work []int) <-chan int {
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
	return jobs
}

// ✅ The seed's fan-in: close after every sender is done.
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

// ✅ A signal channel nobody sends on, closed by its creator.
func signal(worker func(<-chan struct{})) {
	done := make(chan struct{})
	go worker(done)
	go func() { <-done }()
	close(done)
}

// ✅ A close guarded by sync.Once, from several goroutines.
func onceClose(n int) chan struct{} {
	var once sync.Once
	stop := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			once.Do(func() { close(stop) })
		}()
	}
	return stop
}

// ✅ A closed flag checked under a lock.
type Closer struct {
	mu     sync.Mutex
	closed bool
	ch     chan int
}

func (c *Closer) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closed = true
		close(c.ch)
	}
}

func closeMany(c *Closer, n int) {
	for i := 0; i < n; i++ {
		go func() {
			c.mu.Lock()
			if !c.closed {
				c.closed = true
				close(c.ch)
			}
			c.mu.Unlock()
		}()
	}
}

// ✅ A select that checks whether the channel is already closed.
func closeIfOpen(done chan struct{}, n int) {
	for i := 0; i < n; i++ {
		go func() {
			select {
			case <-done:
			default:
				close(done)
			}
		}()
	}
}

// ✅ The seed's worker pool.
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

// ✅ A generator.
func generate(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	return ch
}

// ✅ A new channel after the close.
type Pipe struct{ ch chan int }

func (p *Pipe) Reset() {
	close(p.ch)
	p.ch = make(chan int, 1)
	p.ch <- 0
}

// ✅ Each goroutine closes its own channel, made in the same iteration.
func ownChannels(n int) {
	for i := 0; i < n; i++ {
		done := make(chan struct{})
		go func() { close(done) }()
		<-done
	}
}

// ✅ The two closes are on exclusive branches.
func exclusive(watch bool) <-chan struct{} {
	donec := make(chan struct{})
	if watch {
		go func() {
			defer close(donec)
		}()
		return donec
	}
	close(donec)
	return donec
}

// ✅ The last send is a request and the close its reply.
func handshakeClose(work func()) {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		for {
			select {
			case <-ch:
				return
			default:
				work()
			}
		}
	}()
	ch <- struct{}{}
	<-ch
}

// ✅ Senders signal on stop from a deferred closure; the closer waits.
func deferredSignals(run func() error) {
	errc := make(chan error, 2)
	stopc := make(chan struct{}, 2)
	for i := 0; i < 2; i++ {
		go func() {
			defer func() { stopc <- struct{}{} }()
			if err := run(); err != nil {
				errc <- err
			}
		}()
	}
	go func() {
		<-stopc
		<-stopc
		close(errc)
	}()
}

// ✅ The senders are counted in wg before they start; Done is called
// for them elsewhere.
func countedSenders(n int, ch chan int, wg *sync.WaitGroup) {
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) { ch <- i }(i)
	}
	wg.Wait()
	close(ch)
}

func produce(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- i
	}
}

// ✅ The owner sends through a helper, then closes.
func ownerViaHelper(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		produce(out, n)
	}()
	return out
}

func shutdown(ch chan int) { close(ch) }

// ❌ A close through a helper, by a goroutine that never sends.
func closeViaHelper(work []int) {
	jobs := make(chan int)
	go func() {
		shutdown(jobs) // want `channel jobs is closed by this goroutine, which never sends on it, while the function that starts it may still send on it`
	}()
	for _, j := range work {
		jobs <- j
	}
}

// ✅ The close runs in the select case that received the sender's
// last signal.
func selectWaits(ctx context.Context, out chan int, recvLoop func() error) {
	errc := make(chan error, 1)
	go func() {
		out <- 1
		errc <- recvLoop()
	}()
	select {
	case <-errc:
		close(out)
	case <-ctx.Done():
	}
}
