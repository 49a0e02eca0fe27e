package stranded

import "context"

// A goroutine that sends on a channel nothing can receive from.

type watch struct {
	ctx    context.Context
	result chan bool
	errs   chan error
}

func newWatch(ctx context.Context) *watch {
	return &watch{ctx: ctx, result: make(chan bool), errs: make(chan error)}
}

// ❌ Nothing in the package receives from w.result, and it is never
// handed out.
func (w *watch) run() {
	select {
	case err := <-w.errs:
		w.result <- err == nil // want `the goroutine blocks forever sending on w.result: it is made unbuffered and nothing in the package receives from it`
	case <-w.ctx.Done():
	}
}

func startWatch(ctx context.Context) *watch {
	w := newWatch(ctx)
	go w.run()
	return w
}

type feed struct {
	ctx   context.Context
	out   chan int
	kept  chan int
	roomy chan int
}

func newFeed(ctx context.Context) *feed {
	return &feed{ctx: ctx, out: make(chan int), kept: make(chan int), roomy: make(chan int, 1)}
}

// ✅ out is handed out by Out: callers receive from it.
func (f *feed) Out() <-chan int { return f.out }

// ✅ kept is received from in the package.
func (f *feed) next() int { return <-f.kept }

func (f *feed) run() {
	f.out <- 1
	f.kept <- 2
	f.roomy <- 3 // ✅ buffered: the one send fits
	<-f.ctx.Done()
}

func startFeed(ctx context.Context) *feed {
	f := newFeed(ctx)
	go f.run()
	return f
}

type reply struct {
	v   int
	err error
}

func call(ctx context.Context) (int, error) { return 1, ctx.Err() }

func capture() func() { return func() {} }

// ✅ A closure hands its channel to its callers, which receive from it
// (the defer makes go/ssa return it through a result slot).
func closureReturns(ctx context.Context) int {
	send := func(ctx context.Context) chan reply {
		defer capture()()
		ch := make(chan reply)
		go func() {
			v, err := call(ctx)
			ch <- reply{v, err}
		}()
		return ch
	}
	r := <-send(ctx)
	return r.v
}

// ❌ The same closure, but its channel is kept to itself.
func closureKeeps(ctx context.Context) {
	send := func(ctx context.Context) {
		ch := make(chan reply)
		go func() {
			v, err := call(ctx)
			ch <- reply{v, err} // want `the goroutine blocks forever sending on ch: it is made unbuffered and nothing in the package receives from it`
		}()
	}
	send(ctx)
}
