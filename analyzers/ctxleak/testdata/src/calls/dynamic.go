package calls

import (
	"context"
	"time"
)

// Calls through an interface method implemented in the package, and
// through method values and closures stored in struct fields.

type finisher interface {
	finish(cancel context.CancelFunc)
}

type always struct{}

func (always) finish(cancel context.CancelFunc) { cancel() }

type maybeFinisher interface {
	maybeFinish(cancel context.CancelFunc)
}

type sometimes struct{ ok bool }

func (s sometimes) maybeFinish(cancel context.CancelFunc) {
	if s.ok {
		cancel()
	}
}

// ✅ The only implementation calls it.
func viaInterface(ctx context.Context, f finisher) {
	ctx, cancel := context.WithCancel(ctx)
	defer f.finish(cancel)
	use(ctx)
}

// ❌ The only implementation calls it on some paths.
func viaInterfaceSome(ctx context.Context, f maybeFinisher) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is not called on every path`
	defer f.maybeFinish(cancel)
	use(ctx)
}

// Finisher's method is exported: other packages may implement it.
type Finisher interface {
	Finish(cancel context.CancelFunc)
}

type ignorer struct{}

func (ignorer) Finish(cancel context.CancelFunc) {} // want Finish:"never calls param 1"

// ✅ Not reported: an implementation we cannot see may call it.
func viaOpenInterface(ctx context.Context, f Finisher) {
	ctx, cancel := context.WithCancel(ctx)
	defer f.Finish(cancel)
	use(ctx)
}

// pool keeps what to do with a finished request's cancel in fields.
type pool struct {
	done    func(context.CancelFunc)
	onError func(error, context.CancelFunc)
}

func newPool() *pool {
	p := &pool{}
	p.done = p.release
	p.onError = func(err error, cancel context.CancelFunc) {
		if err != nil {
			cancel()
		}
	}
	return p
}

func (p *pool) release(cancel context.CancelFunc) { cancel() }

// ✅ A method value stored in a field calls it.
func (p *pool) serve(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	use(ctx)
	p.done(cancel)
}

// ❌ A closure stored in a field calls it on the error path only.
func (p *pool) serveSome(ctx context.Context, try func(context.Context) error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function returned by context.WithTimeout is not called on every path`
	p.onError(try(ctx), cancel)
}

// Constructors reached through an interface, a field and methods.

type ctxMaker interface {
	make(ctx context.Context) (context.Context, context.CancelFunc)
}

type timeoutMaker struct{ d time.Duration }

func (m timeoutMaker) make(ctx context.Context) (context.Context, context.CancelFunc) { // want make:"returns cancel as result 1"
	return context.WithTimeout(ctx, m.d)
}

// ❌ Behind an interface implemented in the package.
func discardViaInterface(ctx context.Context, m ctxMaker) {
	ctx, _ = m.make(ctx) // want `the cancel function returned by make is discarded`
	use(ctx)
}

// ❌ defer cancel() in an endless loop, the constructor behind an
// interface.
func deferViaInterfaceInLoop(ctx context.Context, m ctxMaker, jobs <-chan int) {
	for j := range jobs {
		ctx, cancel := m.make(ctx)
		defer cancel() // want `cancel is deferred inside a loop`
		use(ctx, j)
	}
}

// ✅
func keptViaInterface(ctx context.Context, m ctxMaker) {
	ctx, cancel := m.make(ctx)
	defer cancel()
	use(ctx)
}

type client struct {
	newCtx func(context.Context) (context.Context, context.CancelFunc)
}

func withSecond(ctx context.Context) (context.Context, context.CancelFunc) { // want withSecond:"returns cancel as result 1"
	return context.WithTimeout(ctx, time.Second)
}

func newClient() *client { return &client{newCtx: withSecond} }

// ❌ A constructor stored in a field, and an early return.
func (c *client) call(ctx context.Context, bad bool) {
	ctx, cancel := c.newCtx(ctx) // want `the cancel function returned by newCtx is not called on every path`
	if bad {
		return
	}
	defer cancel()
	use(ctx)
}

// ✅
func (c *client) callKept(ctx context.Context) {
	ctx, cancel := c.newCtx(ctx)
	defer cancel()
	use(ctx)
}

type svc struct{}

func (s *svc) ctx1(ctx context.Context) (context.Context, context.CancelFunc) { // want ctx1:"returns cancel as result 1"
	return context.WithCancel(ctx)
}

func (s *svc) ctx2(ctx context.Context) (context.Context, context.CancelFunc) { // want ctx2:"returns cancel as result 1"
	return s.ctx1(ctx)
}

// ❌ A method wrapper two calls away.
func (s *svc) discard(ctx context.Context) {
	ctx, _ = s.ctx2(ctx) // want `the cancel function returned by ctx2 is discarded`
	use(ctx)
}
