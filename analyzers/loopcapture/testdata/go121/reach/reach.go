// Package reach starts the goroutine one and two calls away from the
// loop, behind an interface, behind a struct field, and on some paths
// of the callee; beside each, the correct shape stays silent.
package reach

import (
	"sync"
	"time"
)

func use(...any) {}

// spawn runs f on a new goroutine: one call away.
func spawn(f func()) { go f() }

// spawnVia passes f to spawn: two calls away.
func spawnVia(f func()) { spawn(f) }

// maybe spawns f only when async is set, else runs it.
func maybe(async bool, f func()) {
	if async {
		go f()
		return
	}
	f()
}

// runNow runs f before it returns.
func runNow(f func()) { f() }

// runWaited starts f and waits for it.
func runWaited(f func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
	wg.Wait()
}

type pool struct{}

func (p *pool) Submit(f func()) { go f() }

func (p *pool) submitVia(f func()) { p.Submit(f) }

func calls(xs []int, p *pool) {
	for _, x := range xs {
		spawn(func() {
			use(x) // want `loop variable x is shared`
		})
		spawnVia(func() {
			use(x) // want `loop variable x is shared`
		})
		p.Submit(func() {
			use(x) // want `loop variable x is shared`
		})
		p.submitVia(func() {
			use(x) // want `loop variable x is shared`
		})
		maybe(len(xs) > 2, func() {
			use(x) // want `loop variable x is shared`
		})
	}
}

func callsSilent(xs []int, p *pool) {
	for _, x := range xs {
		runNow(func() {
			use(x) // runs before runNow returns
		})
		runWaited(func() {
			use(x) // waited for before runWaited returns
		})
	}
	for _, x := range xs {
		x := x
		spawnVia(func() {
			use(x) // a copy per iteration
		})
		p.submitVia(func() {
			use(x)
		})
	}
}

// Runner's single implementation, declared beside it, spawns.
type Runner interface{ Run(f func()) }

type goRunner struct{}

func (goRunner) Run(f func()) { go f() }

// Doer has two implementations, one that runs f at once: no goroutine
// is certain.
type Doer interface{ Do(f func()) }

type asyncDoer struct{}

func (asyncDoer) Do(f func()) { go f() }

type inlineDoer struct{}

func (inlineDoer) Do(f func()) { f() }

func viaInterface(xs []int, r Runner, d Doer) {
	for _, x := range xs {
		r.Run(func() {
			use(x) // want `loop variable x is shared`
		})
		d.Do(func() {
			use(x) // two implementations
		})
	}
}

// server keeps its spawners in fields: a method value, a closure, a
// function; run holds a function that runs its argument at once.
type server struct {
	submit func(func())
	later  func(func())
	start  func(func())
	run    func(func())
}

func newServer(p *pool) *server {
	s := &server{submit: p.Submit, start: spawnVia, run: runNow}
	s.later = func(f func()) { go f() }
	return s
}

func viaField(xs []int, s *server) {
	for _, x := range xs {
		s.submit(func() {
			use(x) // want `loop variable x is shared`
		})
		s.later(func() {
			use(x) // want `loop variable x is shared`
		})
		s.start(func() {
			use(x) // want `loop variable x is shared`
		})
		s.run(func() {
			use(x) // runs at once
		})
	}
	for _, x := range xs {
		x := x
		s.submit(func() {
			use(x)
		})
	}
}

// The shapes that hold in every version, in go1.21 too.
func everyVersion(m map[string]int, xs []int) {
	var i int
	for i = 0; i < len(xs); i++ {
		go func() { use(i) }() // want `loop variable i is shared by every iteration \(declared outside the loop`
	}
	for _, x := range xs {
		func() {
			go func() { use(x) }() // want `loop variable x is shared by every iteration \(go1.21 semantics\)`
		}()
		runNow(func() {
			spawn(func() { use(x) }) // want `loop variable x is shared`
		})
		func() {
			defer use(x) // runs before the literal returns
		}()
	}
}

// later runs f from a timer, on its own goroutine.
func later(f func()) { time.AfterFunc(time.Second, f) }

func timers(xs []int) {
	for _, x := range xs {
		time.AfterFunc(time.Second, func() {
			use(x) // want `loop variable x is shared .*the AfterFunc callback may see a later value`
		})
		later(func() {
			use(x) // want `loop variable x is shared`
		})
	}
	for _, x := range xs {
		x := x
		time.AfterFunc(time.Second, func() { use(x) })
		later(func() { use(x) })
	}
}

// The loop waits for what the literal started: silent.
func throughJoinedByLoop(xs []int) {
	for _, x := range xs {
		var wg sync.WaitGroup
		runNow(func() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				use(x)
			}()
		})
		wg.Wait()
	}
}
