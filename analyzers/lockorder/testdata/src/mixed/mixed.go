// Package mixed: deadlocks between a lock and a channel, a WaitGroup
// or a Cond. A goroutine blocks while it holds a lock, and the one that
// would unblock it takes that lock first.
package mixed

import (
	"context"
	"sync"
)

// ❌ Send under the lock; the receiver locks it between receives.
type Status struct {
	mu sync.Mutex
	ch chan int
}

func NewStatus() *Status {
	s := &Status{ch: make(chan int)}
	go s.loop()
	return s
}

func (s *Status) Set(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ch <- v // want `deadlock: send on s.ch blocks while s.mu is held, and the receiver \(\(\*Status\).loop\) locks s.mu before it can reach its side`
}

func (s *Status) loop() {
	for v := range s.ch {
		s.mu.Lock()
		_ = v
		s.mu.Unlock()
	}
}

// ❌ Receive under the lock; the sender takes it before sending.
type Keepalive struct {
	mu     sync.Mutex
	awaken chan struct{}
	active int
}

func NewKeepalive() *Keepalive {
	k := &Keepalive{awaken: make(chan struct{})}
	go k.run()
	return k
}

func (k *Keepalive) run() {
	k.mu.Lock()
	if k.active == 0 {
		<-k.awaken // want `deadlock: receive from k.awaken blocks while k.mu is held, and the sender \(\(\*Keepalive\).Open\) locks k.mu`
	}
	k.mu.Unlock()
}

func (k *Keepalive) Open() {
	k.mu.Lock()
	k.active++
	k.mu.Unlock()
	k.awaken <- struct{}{}
}

// ❌ Range under the lock; the producer takes the lock before each
// send.
type Feed struct {
	mu    sync.Mutex
	items chan int
	count int
}

func NewFeed() *Feed {
	f := &Feed{items: make(chan int)}
	go f.produce()
	return f
}

func (f *Feed) produce() {
	for i := 0; i < 3; i++ {
		f.mu.Lock()
		f.count++
		f.mu.Unlock()
		f.items <- i
	}
	close(f.items)
}

func (f *Feed) Drain() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range f.items { // want `deadlock: receive from f.items blocks while f.mu is held`
	}
}

// ❌ WaitGroup.Wait under the lock; the workers lock it before Done.
type Pool struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	running int
}

func (p *Pool) Start() {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.mu.Lock()
		p.running++
		p.mu.Unlock()
	}()
}

func (p *Pool) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait() // want `deadlock: Wait on p.wg blocks while p.mu is held, and the Done caller \(\(\*Pool\).Start\$1\) locks p.mu`
}

// ❌ Cond.Wait holding another lock than the Cond's L; the signaller
// takes that lock first.
type Queue struct {
	mu    sync.Mutex
	condL sync.Mutex
	cond  *sync.Cond
	n     int
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.condL)
	return q
}

func (q *Queue) Pop() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.condL.Lock()
	for q.n == 0 {
		q.cond.Wait() // want `deadlock: Wait on q.cond blocks while q.mu is held, and the Signal caller \(\(\*Queue\).Push\) locks q.mu`
	}
	q.condL.Unlock()
}

func (q *Queue) Push() {
	q.mu.Lock()
	q.n++
	q.mu.Unlock()
	q.cond.Signal()
}

// ✅ Cond.Wait on its own L: Wait releases it.
type Own struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func NewOwn() *Own {
	o := &Own{}
	o.cond = sync.NewCond(&o.mu)
	return o
}

func (o *Own) Pop() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for o.n == 0 {
		o.cond.Wait()
	}
}

func (o *Own) Push() {
	o.mu.Lock()
	o.n++
	o.mu.Unlock()
	o.cond.Broadcast()
}

// ✅ The lock is released before the operation.
type Released struct {
	mu sync.Mutex
	ch chan int
	v  int
}

func NewReleased() *Released {
	r := &Released{ch: make(chan int)}
	go r.loop()
	return r
}

func (r *Released) Set(v int) {
	r.mu.Lock()
	r.v = v
	r.mu.Unlock()
	r.ch <- v
}

func (r *Released) loop() {
	for range r.ch {
		r.mu.Lock()
		r.mu.Unlock()
	}
}

// ✅ A buffered channel: the send does not wait for the receiver.
type Buffered struct {
	mu sync.Mutex
	ch chan int
}

func NewBuffered() *Buffered {
	b := &Buffered{ch: make(chan int, 1)}
	go b.loop()
	return b
}

func (b *Buffered) Set(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ch <- v
}

func (b *Buffered) loop() {
	for range b.ch {
		b.mu.Lock()
		b.mu.Unlock()
	}
}

// ✅ A select with a default case never blocks.
type Notify struct {
	mu sync.Mutex
	ch chan int
}

func NewNotify() *Notify {
	n := &Notify{ch: make(chan int)}
	go n.loop()
	return n
}

func (n *Notify) Set(v int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	select {
	case n.ch <- v:
	default:
	}
}

func (n *Notify) loop() {
	for range n.ch {
		n.mu.Lock()
		n.mu.Unlock()
	}
}

// ✅ A select that also watches a done channel closed without the lock.
type Watched struct {
	mu   sync.Mutex
	ch   chan int
	done chan struct{}
}

func NewWatched() *Watched {
	w := &Watched{ch: make(chan int), done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *Watched) Set(v int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case w.ch <- v:
	case <-w.done:
	}
}

func (w *Watched) Close() { close(w.done) }

func (w *Watched) loop() {
	for range w.ch {
		w.mu.Lock()
		w.mu.Unlock()
	}
}

// ✅ A select on ctx.Done(): the context may end it.
type Ctx struct {
	mu sync.Mutex
	ch chan int
}

func NewCtx() *Ctx {
	c := &Ctx{ch: make(chan int)}
	go c.loop()
	return c
}

func (c *Ctx) Set(ctx context.Context, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case c.ch <- v:
	case <-ctx.Done():
	}
}

func (c *Ctx) loop() {
	for range c.ch {
		c.mu.Lock()
		c.mu.Unlock()
	}
}

// ❌ The buggy twin of Watched: the done channel's closer needs the
// lock too.
type Guarded struct {
	mu   sync.Mutex
	ch   chan int
	done chan struct{}
}

func NewGuarded() *Guarded {
	g := &Guarded{ch: make(chan int), done: make(chan struct{})}
	go g.loop()
	return g
}

func (g *Guarded) Set(v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	select { // want `deadlock: send on g.ch blocks while g.mu is held`
	case g.ch <- v:
	case <-g.done:
	}
}

func (g *Guarded) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.done)
}

func (g *Guarded) loop() {
	for range g.ch {
		g.mu.Lock()
		g.mu.Unlock()
	}
}

// ✅ The partner does not need the lock.
type Free struct {
	mu sync.Mutex
	ch chan int
	n  int
}

func NewFree() *Free {
	f := &Free{ch: make(chan int)}
	go f.loop()
	return f
}

func (f *Free) Set(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ch <- v
}

func (f *Free) loop() {
	for v := range f.ch {
		f.n += v
	}
}

// ✅ WaitGroup.Wait under the lock, the workers never take it.
type Quiet struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (q *Quiet) Start() {
	q.wg.Add(1)
	go func() {
		defer q.wg.Done()
	}()
}

func (q *Quiet) Stop() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.wg.Wait()
}

// ✅ The receiver takes the lock only before it starts the sender: it
// cannot wait for it.
type Spawned struct {
	mu sync.Mutex
	n  int
}

func (s *Spawned) Run() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	done := make(chan bool)
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		done <- true
	}()
	<-done
}

// ❌ Its twin takes the lock after starting the sender.
func (s *Spawned) RunLate() {
	done := make(chan bool)
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		done <- true // want `deadlock: send on done blocks while s.mu is held, and the receiver \(\(\*Spawned\).RunLate\) locks s.mu`
	}()
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	<-done
}

// ✅ A buffered channel used as a semaphore: a receive waits for a
// token, which its holder gives back after taking the lock.
var tokens = make(chan struct{}, 4)

type Store struct{ mu sync.Mutex }

func (s *Store) Recover() {
	s.mu.Lock()
	defer s.mu.Unlock()
	<-tokens
	tokens <- struct{}{}
}

func (s *Store) Write() {
	<-tokens
	s.mu.Lock()
	s.mu.Unlock()
	tokens <- struct{}{}
}
