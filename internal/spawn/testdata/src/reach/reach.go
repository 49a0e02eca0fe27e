// Package reach declares spawners reached through an interface method
// and through struct fields, and their neighbours that are not.
package reach

func use(...any) {}

func spawn(f func()) { // want "spawns param 0"
	go f() // want "ast Goroutine" "ssa Goroutine"
}

func runNow(f func()) { f() }

// Runner has a single implementation, declared beside it, that spawns:
// a call of Run is a spawn, here and in importers.
type Runner interface{ Run(f func()) }

type goRunner struct{}

func (goRunner) Run(f func()) { // want "spawns param 0"
	go f() // want "ast Goroutine" "ssa Goroutine"
}

// Doer has two implementations, one running f at once: not a spawner.
type Doer interface{ Do(f func()) }

type asyncDoer struct{}

func (asyncDoer) Do(f func()) { // want "spawns param 0"
	go f() // want "ast Goroutine" "ssa Goroutine"
}

type inlineDoer struct{}

func (inlineDoer) Do(f func()) { f() }

// Via spawns through the interface: a spawner by the fixed point.
func Via(r Runner, f func()) { // want "spawns param 1"
	r.Run(f) // want "ast Inferred" "ssa Inferred"
}

type Pool struct{}

func (*Pool) Submit(f func()) { // want "spawns param 0"
	go f() // want "ast Goroutine" "ssa Goroutine"
}

// Server's fields hold spawners (a method value, a closure, a
// function) or not: run holds a synchronous function, mixed holds both
// kinds, param holds whatever its setter is given.
type Server struct {
	submit func(func())
	later  func(func())
	start  func(func())
	run    func(func())
	mixed  func(func())
	param  func(func())
}

func NewServer(p *Pool, f func(func())) *Server {
	s := &Server{submit: p.Submit, start: spawn, run: runNow, mixed: spawn}
	s.later = func(f func()) {
		go f() // want "ast Goroutine" "ssa Goroutine"
	}
	if p == nil {
		s.mixed = runNow
	}
	s.param = f
	return s
}

func (s *Server) Use(r Runner, d Doer) {
	s.submit(func() {}) // want "ast Inferred" "ssa Inferred"
	s.later(func() {})  // want "ast Inferred" "ssa Inferred"
	s.start(func() {})  // want "ast Inferred" "ssa Inferred"
	s.run(func() {})
	s.mixed(func() {})
	s.param(func() {})
	r.Run(func() {}) // want "ast Inferred" "ssa Inferred"
	d.Do(func() {})
	var v Server
	v.start(func() {}) // want "ast Inferred" "ssa Inferred"
}
