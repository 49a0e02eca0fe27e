// Package fields holds channels kept in struct fields, closed by one
// exported method while another may send on them, beside the correct
// twins.
package fields

import "sync"

// Pool runs work on a fixed set of workers.
type Pool struct {
	wg   sync.WaitGroup
	once sync.Once
	work chan func()
}

func NewPool(n int) *Pool {
	p := &Pool{work: make(chan func(), n)}
	for i := 0; i < n; i++ {
		go func() {
			for w := range p.work {
				w()
				p.wg.Done()
			}
		}()
	}
	return p
}

// Go queues w.
func (p *Pool) Go(w func()) {
	p.wg.Add(1)
	p.work <- w
}

// ❌ Wait closes the queue while Go may still send on it (serving#3068).
func (p *Pool) Wait() {
	p.once.Do(func() { // want `channel p.work is closed by \(\*fields.Pool\).Wait while \(\*fields.Pool\).Go, which can run at the same time, sends on it`
		close(p.work)
	})
	p.wg.Wait()
}

// run feeds the pool from a goroutine while its caller waits.
func run(p *Pool, jobs []func()) {
	go func() {
		for _, j := range jobs {
			p.Go(j)
		}
	}()
	p.Wait() // want `channel p.work is closed by this function, which never sends on it, while the goroutine started at fields.go:\d+ may still send on it`
}

// Runner is implemented by *Pool and, method for method, by
// sync.WaitGroup: the implementation beside the interface is followed.
type Runner interface {
	Go(func())
	Wait()
}

// ❌ The same through the interface.
func runVia(r Runner, jobs []func()) {
	go func() {
		for _, j := range jobs {
			r.Go(j)
		}
	}()
	r.Wait() // want `channel r.work is closed by this function, which never sends on it, while the goroutine started at fields.go:\d+ may still send on it`
}

// Mock closes once, but its Yield is only ever called by its user's
// own goroutine, before AsyncClose (sarama's mocks).
type Mock struct {
	once   sync.Once
	errors chan error
}

func (m *Mock) Yield(err error) { m.errors <- err }

// ✅ Nothing in the package sends from another goroutine.
func (m *Mock) AsyncClose() {
	m.once.Do(func() { close(m.errors) })
}

// Transport writes through a channel and watches closed.
type Transport struct {
	closed chan struct{}
	writes chan func()
}

func (t *Transport) do(fn func()) {
	select {
	case t.writes <- fn:
	case <-t.closed:
	}
}

// Write queues a write.
func (t *Transport) Write() { t.do(func() {}) }

// ❌ WriteStatus closes writes while Write may send (grpc#1687).
func (t *Transport) WriteStatus() {
	t.do(func() {})
	close(t.writes) // want `channel t.writes is closed by \(\*fields.Transport\).WriteStatus while \(\*fields.Transport\).Write, which can run at the same time, sends on it`
}

// Bus guards its channel with a closed flag, but Publish sends without
// the lock two calls down.
type Bus struct {
	mu  sync.Mutex
	out chan int
}

func (b *Bus) push(v int) { b.out <- v }

func (b *Bus) deliver(v int) { b.push(v) }

func (b *Bus) shutdown() { close(b.out) }

func (b *Bus) Publish(v int) { b.deliver(v) }

// ❌ The close and the send are each two calls away.
func (b *Bus) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stop() // want `channel b.out is closed by \(\*fields.Bus\).Close while \(\*fields.Bus\).Publish, which can run at the same time, sends on it`
}

func (b *Bus) stop() { b.shutdown() }

// serve publishes from a goroutine.
func serve(b *Bus) {
	go b.Publish(1)
}

// Pipeline is owned by one goroutine: it emits, then finishes. Nothing
// says two goroutines share it.
type Pipeline struct{ out chan int }

func (p *Pipeline) Emit(v int) { p.out <- v }

// ✅ No sign that Emit and Finish run at the same time.
func (p *Pipeline) Finish() { close(p.out) }

// Queue checks a closed flag under the lock it closes under.
type Queue struct {
	mu     sync.Mutex
	closed bool
	items  chan int
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.items <- v
	}
}

// ✅ The close and the send hold one lock.
func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	close(q.items)
}

// Server waits for its senders before closing.
type Server struct {
	wg   sync.WaitGroup
	quit chan struct{}
	out  chan int
}

func (s *Server) Send(v int) {
	select {
	case s.out <- v:
	case <-s.quit:
	}
}

// ✅ Stop closes quit (never sent on), waits, then closes out.
func (s *Server) Stop() {
	close(s.quit)
	s.wg.Wait()
	close(s.out)
}

// Builder feeds its own workers; one goroutine adds, then finishes
// (badger's table.Builder). Its WaitGroup says nothing about callers.
type Builder struct {
	wg     sync.WaitGroup
	blocks chan int
}

func (b *Builder) Add(v int) { b.blocks <- v }

// ✅ A plain close and a plain send: nothing says Add races with Finish.
func (b *Builder) Finish() {
	close(b.blocks)
	b.wg.Wait()
}
