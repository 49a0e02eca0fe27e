// Package pool declares spawners that its importers use without naming
// them with -spawners: their Spawner facts say which parameters run
// (the test reports them on the declarations).
package pool

import (
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

type Pool struct {
	wg   sync.WaitGroup
	once sync.Once
	work chan func()
}

// Submit runs f on a new goroutine: a closure that calls it.
func (p *Pool) Submit(f func()) { // want "spawns param 0"
	p.wg.Add(1)
	go func() { // want "ast Goroutine" "ssa Goroutine"
		defer p.wg.Done() // want "ast Deferred"
		f()
	}()
}

// Relay spawns through Go, declared after it: the fixed point finds it.
func Relay(f func()) { // want "spawns param 0"
	Go(f) // want "ast Inferred" "ssa Inferred"
}

// Go runs f directly.
func Go(f func()) { // want "spawns param 0"
	go f() // want "ast Goroutine" "ssa Goroutine"
}

// Start hands its second parameter to WaitGroup.Go.
func (p *Pool) Start(name string, f func()) { // want "spawns param 1"
	p.wg.Go(f) // want "ast WaitGroupTask" "ssa WaitGroupTask"
}

// Task runs f as an errgroup task, through a literal.
func Task(g *errgroup.Group, f func() error) { // want "spawns param 1"
	g.Go(func() error { return f() }) // want "ast ErrgroupTask" "ssa ErrgroupTask"
}

// Later runs f from a timer.
func Later(f func()) *time.Timer { // want "spawns param 0"
	return time.AfterFunc(time.Second, f) // want "ast TimerCallback" "ssa TimerCallback"
}

// Guarded runs a local closure that calls f.
func Guarded(f func()) { // want "spawns param 0"
	run := func() {
		defer func() { recover() }() // want "ast Deferred"
		f()
	}
	go run() // want "ast Goroutine" "ssa Goroutine"
}

// GoWith is generic.
func GoWith[T any](v T, f func(T)) { // want "spawns param 1"
	go f(v) // want "ast Goroutine" "ssa Goroutine"
}

// Both spawns two of its parameters.
func Both(a, b func(), n int) { // want "spawns params 0 1"
	go a() // want "ast Goroutine" "ssa Goroutine"
	go b() // want "ast Goroutine" "ssa Goroutine"
}

// The shapes below run their parameter on the caller's goroutine, or
// hand it to a queue whose workers are not known here: no fact.

func Call(f func()) { f() }

func Defer(f func()) {
	defer f() // want "ast Deferred"
}

func (p *Pool) Queue(f func()) { p.work <- f }

func Other(f func()) {
	g := func() {}
	go g() // want "ast Goroutine" "ssa Goroutine"
	f()
}

// The shapes below start a goroutine but wait for it before returning:
// their callers see a plain call.

func Wait(f func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want "ast Goroutine" "ssa Goroutine"
		defer wg.Done() // want "ast Deferred"
		f()
	}()
	wg.Wait() // want "ssa join"
}

func GoWait(f func()) {
	var wg sync.WaitGroup
	wg.Go(f)  // want "ast WaitGroupTask" "ssa WaitGroupTask"
	wg.Wait() // want "ssa join"
}

func Timeout(f func(), d time.Duration) bool {
	done := make(chan struct{})
	go func() { // want "ast Goroutine" "ssa Goroutine"
		f()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func Result(f func() int) int {
	ch := make(chan int)
	go func() { ch <- f() }() // want "ast Goroutine" "ssa Goroutine"
	return <-ch
}

// Wait waits for the goroutines Submit started: a call of it joins
// them (its receiver is their group).
func (p *Pool) Wait() {
	p.wg.Wait() // want "ssa join"
}

// Drain takes a parameter: not a Wait() that joins.
func (p *Pool) Drain(d time.Duration) {}

// Safe runs f on a new goroutine through a recover wrapper of this
// package.
func Safe(f func()) { // want "spawns param 0"
	go runSafe(f) // want "ast Goroutine" "ssa Goroutine"
}

func runSafe(f func()) {
	defer func() { recover() }() // want "ast Deferred"
	f()
}

// Job is a named function type.
type Job func()

// Run takes one.
func (p *Pool) Run(t Job) { // want "spawns param 0"
	go t() // want "ast Goroutine" "ssa Goroutine"
}

// OnceGo spawns f the first time: once.Do runs its literal during the
// call.
func (p *Pool) OnceGo(f func()) { // want "spawns param 0"
	p.once.Do(func() {
		go f() // want "ast Goroutine" "ssa Goroutine"
	})
}

// Nested spawns f from a goroutine it starts.
func Nested(f func()) { // want "spawns param 0"
	go func() { // want "ast Goroutine" "ssa Goroutine"
		go f() // want "ast Goroutine" "ssa Goroutine"
	}()
}

// Handler returns a function that spawns f when it is called: calling
// Handler starts nothing.
func Handler(f func()) func() {
	return func() {
		go f() // want "ast Goroutine" "ssa Goroutine"
	}
}
