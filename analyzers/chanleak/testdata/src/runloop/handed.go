package runloop

import (
	"context"
	"time"
)

// A hub whose loop leaves only on ctx.Done() of the context its
// constructor is handed.
type hub struct{ reqs chan int }

func newHub(ctx context.Context) *hub {
	h := &hub{reqs: make(chan int)}
	go h.loop(ctx)
	return h
}

func (h *hub) loop(ctx context.Context) {
	for {
		select {
		case <-h.reqs:
		case <-ctx.Done():
			return
		}
	}
}

// newHubs builds several on one context, as a test helper does.
func newHubs(ctx context.Context, n int) []*hub {
	var hs []*hub
	for i := 0; i < n; i++ {
		hs = append(hs, newHub(ctx))
	}
	return hs
}

// The sender made the context and cancels it only when it returns:
// the loop still runs at the send, silent.
func sendOnOwnContext(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := newHub(ctx)
	h.reqs <- x
}

// The same through a helper that builds a slice of them, with the hubs
// captured by a closure that sends.
func sendOnOwnContexts(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel() }()
	hs := make([]*hub, 2)
	copy(hs, newHubs(ctx, 2))
	hs[1] = newHub(ctx)
	send := func() { hs[1].reqs <- x }
	send()
}

// A context nothing ends: the loop never leaves, silent.
func sendOnBackground(x int) {
	h := newHub(context.Background())
	h.reqs <- x
}

// The sender cancels after the send on every path, silent.
func cancelAfterSend(x int) error {
	ctx, cancel := context.WithCancel(context.Background())
	h := newHub(ctx)
	h.reqs <- x
	cancel()
	return nil
}

// poke sends on a hub its callers built: every caller made the
// context and cancels it only after the call, on the same goroutine.
func poke(h *hub, x int) { h.reqs <- x }

func pokeOwn(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	poke(newHub(ctx), x)
}

// The buggy twin: the context is cancelled before the send.
func cancelThenSend(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	h := newHub(ctx)
	cancel()
	h.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.hub\).loop has left its loop: it is the only receiver; select on Done\(\) too`
}

// The buggy twin: a goroutine the sender starts may cancel first.
func cancelBesideHub(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := newHub(ctx)
	go func() { cancel() }()
	h.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.hub\).loop has left its loop`
}

// The buggy twin: the context is the caller's, which someone else may
// cancel first.
func sendOnCallersContext(ctx context.Context, x int) {
	h := newHub(ctx)
	h.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.hub\).loop has left its loop`
}

// The buggy twin: a deadline may end the loop before the send.
func sendOnDeadline(x int) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	hs := newHubs(ctx, 1)
	hs[0].reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.hub\).loop has left its loop`
}

// The buggy twin: a helper whose hub is also one a goroutine pokes.
func prod(h *hub, x int) {
	h.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.hub\).loop has left its loop`
}

func prodOwn(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := newHub(ctx)
	prod(h, x)
	go prod(h, x)
}

// A hub that keeps the context its constructor is handed in a field.
type keptHub struct {
	ctx  context.Context
	reqs chan int
}

func newKeptHub(ctx context.Context) *keptHub {
	h := &keptHub{ctx: ctx, reqs: make(chan int)}
	go h.loop()
	return h
}

func (h *keptHub) loop() {
	for {
		select {
		case <-h.reqs:
		case <-h.ctx.Done():
			return
		}
	}
}

// Silent: the sender made the context the constructor kept.
func sendOnKept(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := newKeptHub(ctx)
	h.reqs <- x
}

// The buggy twin: the context was cancelled first.
func sendOnKeptCancelled(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	h := newKeptHub(ctx)
	cancel()
	h.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.keptHub\).loop has left its loop`
}

// A hub whose loop also leaves when stopped: the sender's context says
// nothing about that exit.
type stoppedHub struct {
	reqs, stop chan int
}

func newStoppedHub(ctx context.Context) *stoppedHub {
	h := &stoppedHub{reqs: make(chan int), stop: make(chan int)}
	go h.loop(ctx)
	return h
}

func (h *stoppedHub) loop(ctx context.Context) {
	for {
		select {
		case <-h.reqs:
		case <-ctx.Done():
			return
		case <-h.stop:
			return
		}
	}
}

func (h *stoppedHub) Stop() { close(h.stop) }

// The buggy twin: the hub may have been stopped.
func sendOnStopped(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := newStoppedHub(ctx)
	h.Stop()
	h.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.stoppedHub\).loop has left its loop`
}

var cleanups []func()

// The buggy twin: the cancel is handed on; whoever holds it may cancel
// first.
func cancelHandedOn(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	cleanups = append(cleanups, cancel)
	h := newHub(ctx)
	h.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.hub\).loop has left its loop`
}

// The buggy twin: the closure that sends runs on its own goroutine,
// which the deferred cancel does not wait for.
func sendFromGoroutine(x int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := newHub(ctx)
	send := func() {
		h.reqs <- x // want `send on \S*reqs blocks forever once \(\*runloop.hub\).loop has left its loop`
	}
	go send()
}
