// Package calls holds chanclose's shapes with the close or the send one
// and two calls away, as functions and as methods, beside the correct
// twins.
package calls

import "sync"

func send(ch chan int, v int) { ch <- v }

func sendTwice(ch chan int, v int) { send(ch, v) }

func stop(ch chan int) { close(ch) }

func stopTwice(ch chan int) { stop(ch) }

// stopIf closes on only some paths.
func stopIf(ch chan int, done bool) {
	if done {
		close(ch)
	}
}

// ❌ A goroutine that never sends closes, two calls away, while the
// spawner sends through a helper.
func twoCalls(work []int) {
	jobs := make(chan int)
	go func() {
		stopTwice(jobs) // want `channel jobs is closed by this goroutine, which never sends on it, while the function that starts it may still send on it`
	}()
	for _, j := range work {
		send(jobs, j)
	}
}

// ❌ The close is on only some paths of the callee.
func somePaths(work []int, done bool) {
	jobs := make(chan int)
	go func() {
		stopIf(jobs, done) // want `channel jobs is closed by this goroutine, which never sends on it, while the function that starts it may still send on it`
	}()
	for _, j := range work {
		jobs <- j
	}
}

// ❌ The spawner closes through a helper while a goroutine sends
// through one.
func spawnerCloses() {
	out := make(chan int)
	go func() {
		sendTwice(out, 1)
	}()
	stop(out) // want `channel out is closed by this function, which never sends on it, while the goroutine started at calls.go:\d+ may still send on it`
}

// ✅ The spawner closes through a helper once the sender is done.
func spawnerClosesAfterJoin() {
	out := make(chan int, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sendTwice(out, 1)
	}()
	wg.Wait()
	stop(out)
}

// ❌ Every instance, started in a loop, closes through a helper.
func everyInstance(n int) <-chan int {
	out := make(chan int, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			send(out, i)
			stop(out) // want `channel out is closed by every instance of this goroutine, which is started in a loop: the second close panics`
		}(i)
	}
	return out
}

// ❌ A send through a helper after a close through a helper.
func sendAfterClose(ch chan int) {
	stop(ch)
	send(ch, 1) // want `send on closed channel: ch is closed at calls.go:\d+ on every path here, so this send panics`
}

// ❌ Closed twice, once through two calls.
func closedTwice(ch chan int) {
	close(ch)
	stopTwice(ch) // want `ch is closed twice: it is already closed at calls.go:\d+ on every path here`
}

// ✅ A close on only some paths of the callee makes no path.
func maybeTwice(ch chan int, done bool) {
	stopIf(ch, done)
	close(ch)
}

type pipe struct {
	mu     sync.Mutex
	closed bool
	out    chan int
}

func (p *pipe) shutdown() { close(p.out) }

func (p *pipe) stop() { p.shutdown() }

func (p *pipe) push(v int) { p.out <- v }

// closeOnce closes at most once: under the lock, after the flag.
func (p *pipe) closeOnce() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.out)
	}
}

// ❌ A goroutine stops the pipe through two method calls while the
// spawner pushes.
func methods(p *pipe, work []int) {
	go func() {
		p.stop() // want `channel p.out is closed by this goroutine, which never sends on it, while the function that starts it may still send on it`
	}()
	for _, v := range work {
		p.push(v)
	}
}

// ❌ Stopped twice in a row.
func stoppedTwice(p *pipe) {
	p.stop()
	p.shutdown() // want `p.out is closed twice: it is already closed at calls.go:\d+ on every path here`
}

// ✅ The helper closes once, however often it is called.
func closedOnce(p *pipe) {
	p.closeOnce()
	p.closeOnce()
}

// ✅ The owner pushes through a method, then closes through one.
func owner(p *pipe, work []int) {
	go func() {
		for _, v := range work {
			p.push(v)
		}
		p.stop()
	}()
	for range p.out {
	}
}

// closer is implemented once in the package.
type closer interface{ finish() }

func (p *pipe) finish() { close(p.out) }

func finishAll(c closer) { c.finish() }

// ❌ A goroutine closes behind an interface method while the spawner
// pushes.
func viaInterface(p *pipe, work []int) {
	go func() {
		finishAll(p) // want `channel p.out is closed by this goroutine, which never sends on it, while the function that starts it may still send on it`
	}()
	for _, v := range work {
		p.push(v)
	}
}

// worker keeps a method value of its own and a closure in fields.
type worker struct {
	out    chan int
	onStop func()
	emit   func(ch chan int, v int)
}

func newWorker() *worker {
	w := &worker{out: make(chan int)}
	w.onStop = w.stop
	w.emit = func(ch chan int, v int) { ch <- v }
	return w
}

func (w *worker) stop() { close(w.out) }

// ❌ A goroutine runs the stored method value that closes while the
// spawner sends.
func viaMethodValue(w *worker, work []int) {
	go func() {
		w.onStop() // want `channel w.out is closed by this goroutine, which never sends on it, while the function that starts it may still send on it`
	}()
	for _, v := range work {
		w.out <- v
	}
}

// ❌ The spawner closes while a goroutine sends through a closure kept
// in a field.
func viaClosureField(w *worker) {
	ch := make(chan int)
	go func() {
		w.emit(ch, 1)
	}()
	close(ch) // want `channel ch is closed by this function, which never sends on it, while the goroutine started at calls.go:\d+ may still send on it`
}

// ✅ The owner sends through the stored closure, then closes.
func viaClosureFieldOwner(w *worker) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		w.emit(ch, 1)
	}()
	return ch
}

// buffer closes behind a flag checked under its lock; put checks the
// flag under the same lock before sending (grpc's buffer.Unbounded).
type buffer struct {
	mu     sync.Mutex
	closed bool
	c      chan int
}

func (b *buffer) put(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	select {
	case b.c <- v:
	default:
	}
}

func (b *buffer) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	close(b.c)
}

// closeAnyway closes under the lock with no flag.
func (b *buffer) closeAnyway() {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.c)
}

// ✅ The close and the sends meet under b.mu, behind the flag.
func flagged(b *buffer) {
	go func() {
		b.put(1)
	}()
	b.close()
}

// ❌ The twin closes with no flag: a put that takes the lock next sends
// on the closed channel.
func unflagged(b *buffer) {
	go func() {
		b.put(1)
	}()
	b.closeAnyway() // want `channel b.c is closed by this function, which never sends on it, while the goroutine started at calls.go:\d+ may still send on it`
}

type broker struct{ closing chan struct{} }

func newBroker() *broker { return &broker{closing: make(chan struct{})} }

func (b *broker) Close() { close(b.closing) }

// ✅ The variable holds another broker by the second close (sarama's
// async producer test).
func restart() bool {
	b := newBroker()
	alive := func() bool { return b != nil }
	b.Close()
	b = newBroker()
	b.Close()
	return alive()
}

// ❌ The twin closes one broker twice.
func closeTwice() bool {
	b := newBroker()
	alive := func() bool { return b != nil }
	b.Close()
	b.Close() // want `b.closing is closed twice: it is already closed at calls.go:\d+ on every path here`
	return alive()
}

type stream struct{ out chan int }

// run makes its own channel before closing it (badger's Orchestrate).
func (s *stream) run() {
	s.out = make(chan int, 1)
	close(s.out)
}

// ✅ Each run closes the channel it made.
func rerun(s *stream) {
	s.run()
	s.run()
}
