package leak

import (
	"context"
	"sync"
	"time"
)

// rows stores its cancel, and nothing ever calls it.
type rows struct {
	cancel context.CancelFunc
	ctx    context.Context
}

// ❌ Stored in a field that nothing in the package reads (a struct
// literal, an assignment, a tuple assignment).
func (r *rows) init(ctx context.Context) {
	r.ctx, r.cancel = context.WithCancel(ctx) // want `the cancel function stored in r.cancel is never called: nothing in the package reads the field`
}

type lostStop struct{ stop func() }

func newLostStop(ctx context.Context) *lostStop {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	use(ctx)
	return &lostStop{stop: cancel} // want `the cancel function stored in lostStop.stop is never called`
}

// ✅ The twin whose Close calls it.
type closed struct{ stop func() }

func newClosed(ctx context.Context) *closed {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	use(ctx)
	return &closed{stop: cancel}
}

func (c *closed) Close() { c.stop() }

// ✅ An exported field: another package may call it.
type Handle struct{ Cancel context.CancelFunc }

func NewHandle(ctx context.Context) *Handle { // want NewHandle:"returns a holder of cancel"
	ctx, cancel := context.WithCancel(ctx)
	use(ctx)
	return &Handle{Cancel: cancel}
}

// runner keeps one context at a time.
type runner struct {
	ctx    context.Context
	cancel context.CancelFunc
	limit  time.Duration
}

func (w *runner) Stop() { w.cancel() }

func (w *runner) note() {}

// ❌ The second store loses the first cancel.
func (w *runner) restart(ctx context.Context) {
	w.ctx, w.cancel = context.WithCancel(ctx) // want `the cancel function stored in w.cancel is overwritten before it is called`
	if w.limit > 0 {
		w.ctx, w.cancel = context.WithTimeout(ctx, w.limit)
	}
	w.note()
}

// ✅ The old cancel is called before the new one is stored.
func (w *runner) restartCancelling(ctx context.Context) {
	w.ctx, w.cancel = context.WithCancel(ctx)
	if w.limit > 0 {
		w.cancel()
		w.ctx, w.cancel = context.WithTimeout(ctx, w.limit)
	}
}

// ✅ A method that may call it runs in between.
func (w *runner) restartStopping(ctx context.Context) {
	w.ctx, w.cancel = context.WithCancel(ctx)
	if w.limit > 0 {
		w.Stop()
		w.ctx, w.cancel = context.WithTimeout(ctx, w.limit)
	}
}

// ✅ One store per runner of a slice: each is another object.
func startAll(ctx context.Context, ws []*runner) {
	for _, w := range ws {
		w.ctx, w.cancel = context.WithCancel(ctx)
	}
}

// guarded keeps its cancel under a mutex that Stop takes too.
type guarded struct {
	mu     sync.Mutex
	cancel context.CancelFunc
}

func (g *guarded) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.cancel()
}

// ✅ Between the two stores, another goroutine may call Stop.
func (g *guarded) restart(ctx context.Context, ready <-chan struct{}) {
	g.mu.Lock()
	_, g.cancel = context.WithCancel(ctx)
	g.mu.Unlock()
	<-ready
	g.mu.Lock()
	_, g.cancel = context.WithCancel(ctx)
	g.mu.Unlock()
}

type pipe struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// ✅ The field is never read, but the goroutine calls the cancel.
func newPipe(ctx context.Context, work func()) *pipe {
	ctx, cancel := context.WithCancel(ctx)
	p := &pipe{ctx: ctx, cancel: cancel}
	go func() {
		work()
		cancel()
	}()
	return p
}
