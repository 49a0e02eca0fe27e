package shared

import (
	"sync"
	"time"
)

// pool stands for a project's own goroutine helper: Submit runs f on a
// new goroutine, so the shared spawn table infers it as a spawner.
type pool struct{ wg sync.WaitGroup }

func (p *pool) Submit(f func()) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		f()
	}()
}

func (p *pool) Wait() { p.wg.Wait() }

// Do runs f on the caller's goroutine.
func (p *pool) Do(f func()) { f() }

// ❌ The seed, through the inferred spawner.
func submitted(p *pool) {
	m := make(map[string]int)
	p.Submit(func() { m["a"] = 1 }) // want `map m is written by this goroutine while its spawner writes it`
	m["b"] = 2
}

// ✅ Do is no spawner: both writes are on one goroutine.
func synchronous(p *pool) {
	m := make(map[string]int)
	p.Do(func() { m["a"] = 1 })
	m["b"] = 2
}

// ❌ A time.AfterFunc callback runs on its own goroutine.
func timer() {
	m := make(map[string]int)
	time.AfterFunc(time.Millisecond, func() { m["a"] = 1 }) // want `map m is written by this AfterFunc callback while its spawner writes it`
	m["b"] = 2
}

// ❌ A method value as the callback: the body is a synthetic wrapper
// with no position of its own, so the report sits on the read inside
// the method.
type timed struct{ pending map[string]int }

func (t *timed) check() {
	_ = t.pending["a"] // want `map t.pending is read by this AfterFunc callback while its spawner writes it`
}

func (t *timed) track() {
	time.AfterFunc(time.Millisecond, t.check)
	t.pending["b"] = 2
}

// ❌ WaitGroup.Go (Go 1.25) starts a goroutine.
func waitGroupGo() {
	m := make(map[string]int)
	var wg sync.WaitGroup
	wg.Go(func() { m["a"] = 1 }) // want `map m is written by this goroutine while its spawner writes it`
	m["b"] = 2
	wg.Wait()
}

// ✅ Its twin writes after Wait.
func waitGroupGoJoined() {
	m := make(map[string]int)
	var wg sync.WaitGroup
	wg.Go(func() { m["a"] = 1 })
	wg.Wait()
	m["b"] = 2
}

// ✅ Wait joins the pool's goroutines before the spawner writes.
func submittedWaited(p *pool) {
	m := make(map[string]int)
	p.Submit(func() { m["a"] = 1 })
	p.Wait()
	m["b"] = 2
}

// ❌ Its twin waits only after writing.
func submittedWaitedLate(p *pool) {
	m := make(map[string]int)
	p.Submit(func() { m["a"] = 1 }) // want `map m is written by this goroutine while its spawner writes it`
	m["b"] = 2
	p.Wait()
}
