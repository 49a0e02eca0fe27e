package runloop

import (
	"context"
	"sync"
)

// A node whose run loop leaves on stop: Status sends without watching
// stop, and blocks forever once the loop is gone.
type node struct {
	status chan chan int
	stop   chan struct{}
}

func newNode() *node {
	n := &node{status: make(chan chan int), stop: make(chan struct{})}
	go n.run()
	return n
}

func (n *node) run() {
	for {
		select {
		case c := <-n.status:
			c <- 1
		case <-n.stop:
			return
		}
	}
}

func (n *node) Stop() { close(n.stop) }

func (n *node) Status() int {
	c := make(chan int)
	n.status <- c // want `send on n.status blocks forever once \(\*runloop.node\).run has left its loop: it is the only receiver; select on n.stop too`
	return <-c
}

// The twin that watches stop: silent.
type watched struct {
	status chan chan int
	stop   chan struct{}
}

func newWatched() *watched {
	n := &watched{status: make(chan chan int), stop: make(chan struct{})}
	go n.run()
	return n
}

func (n *watched) run() {
	for {
		select {
		case c := <-n.status:
			c <- 1
		case <-n.stop:
			return
		}
	}
}

func (n *watched) Stop() { close(n.stop) }

func (n *watched) Status() (int, bool) {
	c := make(chan int)
	select {
	case n.status <- c:
	case <-n.stop:
		return 0, false
	}
	return <-c, true
}

// An agent whose loop runs on a context, started by a goroutine that
// calls it, and fed through two calls from a goroutine per restart.
type agent struct {
	statusCh chan int
	mu       sync.Mutex
	epoch    int
}

func newAgent(ctx context.Context) *agent {
	a := &agent{statusCh: make(chan int)}
	go func() { a.Run(ctx) }()
	return a
}

func (a *agent) Run(ctx context.Context) {
	for {
		select {
		case <-a.statusCh:
		case <-ctx.Done():
			return
		}
	}
}

func (a *agent) Restart() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.epoch++
	go a.runWait(a.epoch)
}

func (a *agent) runWait(epoch int) {
	report(a.statusCh, epoch) // want `send on a.statusCh blocks forever once \(\*runloop.agent\).Run has left its loop`
}

func report(ch chan int, v int) { deliver(ch, v) }

func deliver(ch chan int, v int) { ch <- v }

// A buffered twin: silent (whether the buffer holds every pending send
// is not this rule's to say).
type buffered struct {
	reqs chan int
	quit chan struct{}
}

func newBuffered() *buffered {
	b := &buffered{reqs: make(chan int, 8), quit: make(chan struct{})}
	go b.loop()
	return b
}

func (b *buffered) loop() {
	for {
		select {
		case <-b.reqs:
		case <-b.quit:
			return
		}
	}
}

func (b *buffered) Close()   { close(b.quit) }
func (b *buffered) Do(v int) { b.reqs <- v }
func (b *buffered) Try(v int) {
	select {
	case b.reqs <- v:
	default:
	}
}

// A loop that drains after stop: the drain receives, silent.
type drained struct {
	reqs chan int
	quit chan struct{}
}

func newDrained() *drained {
	d := &drained{reqs: make(chan int), quit: make(chan struct{})}
	go d.loop()
	return d
}

func (d *drained) loop() {
	for {
		select {
		case <-d.reqs:
		case <-d.quit:
			for range d.reqs {
			}
			return
		}
	}
}

func (d *drained) Close()   { close(d.quit) }
func (d *drained) Do(v int) { d.reqs <- v }

// A loop that never leaves: nothing is abandoned, silent.
type forever struct{ reqs chan int }

func newForever() *forever {
	f := &forever{reqs: make(chan int)}
	go f.loop()
	return f
}

func (f *forever) loop() {
	for v := range f.reqs {
		_ = v
	}
}

func (f *forever) Do(v int) { f.reqs <- v }

// A channel handed in from outside: we cannot see its other users,
// silent.
type given struct {
	reqs chan int
	quit chan struct{}
}

func newGiven(reqs chan int) *given {
	g := &given{reqs: reqs, quit: make(chan struct{})}
	go g.loop()
	return g
}

func (g *given) loop() {
	for {
		select {
		case <-g.reqs:
		case <-g.quit:
			return
		}
	}
}

func (g *given) Do(v int) { g.reqs <- v }

// A loop run by its caller, not on a goroutine we see start: silent.
type inline struct {
	reqs chan int
	quit chan struct{}
}

func (i *inline) Serve() {
	for {
		select {
		case <-i.reqs:
		case <-i.quit:
			return
		}
	}
}

func newInline() *inline { return &inline{reqs: make(chan int), quit: make(chan struct{})} }

func (i *inline) Do(v int) { i.reqs <- v }

// A send under the lock that Close takes to mark the loop closed: the
// sender checks the flag first, silent.
type guarded struct {
	mu     sync.Mutex
	closed bool
	reqs   chan int
	quit   chan struct{}
}

func newGuarded() *guarded {
	g := &guarded{reqs: make(chan int), quit: make(chan struct{})}
	go g.loop()
	return g
}

func (g *guarded) loop() {
	for {
		select {
		case <-g.reqs:
		case <-g.quit:
			return
		}
	}
}

func (g *guarded) Close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	close(g.quit)
}

func (g *guarded) Do(v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return
	}
	g.reqs <- v
}

// A producer that sends, then stops the loop: every send is made while
// the loop runs, silent.
type pipeline struct {
	in   chan int
	stop chan struct{}
}

func runPipeline(xs []int) {
	p := &pipeline{in: make(chan int), stop: make(chan struct{})}
	go p.loop()
	for _, x := range xs {
		p.in <- x
	}
	p.finish()
}

func (p *pipeline) finish() { close(p.stop) }

func (p *pipeline) loop() {
	for {
		select {
		case <-p.in:
		case <-p.stop:
			return
		}
	}
}

// A producer loop: Next receives without watching stop, and blocks
// forever once the loop is gone.
type counter struct {
	out  chan int
	stop chan struct{}
}

func newCounter() *counter {
	c := &counter{out: make(chan int), stop: make(chan struct{})}
	go c.loop()
	return c
}

func (c *counter) loop() {
	n := 0
	for {
		select {
		case c.out <- n:
			n++
		case <-c.stop:
			return
		}
	}
}

func (c *counter) Stop() { close(c.stop) }

func (c *counter) Next() int {
	return <-c.out // want `receive from c.out blocks forever once \(\*runloop.counter\).loop has left its loop: it is the only sender`
}

// The twin that watches stop: silent.
func (c *counter) TryNext() (int, bool) {
	select {
	case n := <-c.out:
		return n, true
	case <-c.stop:
		return 0, false
	}
}

// A loop whose stop channel nothing closes or sends on never leaves:
// silent.
type endless struct {
	reqs chan int
	stop chan struct{}
}

func newEndless() *endless {
	e := &endless{reqs: make(chan int), stop: make(chan struct{})}
	go e.loop()
	return e
}

func (e *endless) loop() {
	for {
		select {
		case <-e.reqs:
		case <-e.stop:
			return
		}
	}
}

func (e *endless) Do(v int) { e.reqs <- v }
