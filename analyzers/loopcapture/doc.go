// Package loopcapture defines an Analyzer that reports loop variables
// captured by goroutines, deferred calls, errgroup tasks and parallel
// subtests in files compiled with Go versions before 1.22, and the
// variables declared outside a loop that the loop assigns, in every
// version.
//
// # Analyzer loopcapture
//
// loopcapture: report loop variables shared with goroutines and deferred calls (before go1.22)
//
// Before Go 1.22 a for loop declares its variables once, and every
// iteration assigns to the same variable. A function literal that
// captures such a variable and runs after the iteration ends (a
// goroutine, a deferred call, an errgroup task, a parallel subtest)
// reads whatever value the variable holds when it runs, usually the
// last one, and races with the loop's own writes.
//
// Reported (❌), in a go1.21 module:
//
//	for _, job := range jobs {
//		go func() {
//			process(job) // reported: every goroutine may see the last job
//		}()
//	}
//
// Not reported (✅): copy the variable at the top of the loop body (the
// suggested fix, which -fix applies), or pass it as an argument
// (go func(job Job) { ... }(job)):
//
//	for _, job := range jobs {
//		job := job
//		go func() {
//			process(job)
//		}()
//	}
//
// Unlike go vet's loopclosure, which looks only at the last statement
// of a loop body, loopcapture checks every spawn in the body, including
// inner loops capturing an outer loop's variable, a go statement inside
// a function literal that runs during the iteration (called at once, or
// passed to a call), and literals passed to a function that starts them
// on a new goroutine one or more calls away, on some of its paths,
// behind an interface method whose single implementation, declared
// beside it, does, or through a struct field every stored value of
// which does (see Flags). A callee that runs the literal before it
// returns, or waits for the goroutine it started, is a plain call. A goroutine, errgroup
// task or WaitGroup task is not reported when every path from the spawn
// to the loop's next assignment of the variable waits for it, after its
// last use of the variable: a Wait on the WaitGroup that counts it (Add
// before the spawn, or Done in it) or the errgroup that started it, a
// receive from a channel it sends on or closes (in any statement, an
// if's init, or in the case of a select that runs, every case of a
// blocking select counting), or a receive from a channel a helper
// goroutine closes after such a Wait, or a barrier per step (the body
// calls end[i].Done() for each step i of a loop, after its use, and the
// loop over a constant count waits on end[i] at every step). A Wait on
// another group does not count. A WaitGroup of a project's own type counts as sync's when its
// type has Add(int), Done() and Wait() (syncthing's lib/sync
// interface). Deferred calls always run after the loop, so they are
// always reported.
//
// A subtest (t.Run(name, func(t *testing.T) { ... })) runs alongside
// the loop once it calls t.Parallel() on its own t, as a statement of
// its body that no goto can jump over; before that the loop waits for
// it. So a copy made before t.Parallel() (tc := tc) is the fix, uses
// before it are not reported, and the first use after it is, nested
// subtests included. A Parallel call on another testing.T value, or
// one made only under a condition, makes nothing parallel.
//
// It also reports the address of a loop variable (&v, or a method with
// a pointer receiver called on v) handed to a go statement's call or
// sent on a channel: the receiver shares the one variable too.
//
// A loop that assigns a variable declared outside it (for k = range m,
// for i = 0; i < n; i++ with var i declared before) shares that
// variable in every Go version, and is reported in every version:
//
//	var k string
//	for k = range m {
//		go func() { use(k) }() // reported, in go1.22 files too
//	}
//
// Otherwise nothing is reported in files whose Go version (the module's
// go line, or a //go:build go1.22 constraint) is 1.22 or later: there,
// each iteration has its own variables. Variables declared inside the body,
// values passed as arguments (go f(v)), copies (v := v), literals
// called synchronously, and go v.Method() with a value receiver (the
// receiver is evaluated at the go statement) are not reported either.
//
// Flags:
//
//	-loopcapture.spawners=pkgpath.Func,(*pkgpath.T).Method
//
// names the project's own functions that run a function argument on a
// new goroutine (for example a supervisor's Go method); function
// literals passed to them are checked like go statements. All
// analyzers' -spawners flags add to one list, so naming a spawner on
// any of them serves the whole suite, as does the top-level -spawners
// (docs/config.md). A function that starts the goroutine itself (a
// pool's Submit) is a spawner without naming: it is found from its body,
// in its package and in every package that imports it. -loopcapture=false
// turns the analyzer off. Standalone, flags go before the packages; under go vet,
// after -vettool:
//
//	concurlint -loopcapture.spawners=example.com/sup.Go ./...
//	go vet -vettool="$(command -v concurlint || echo concurlint-not-on-PATH)" -loopcapture.spawners=example.com/sup.Go ./...
//
// To silence a report you judge wrong, copy the variable anyway (the
// copy is free and documents the intent), or put
//
//	//concurlint:ignore loopcapture <why the report is wrong>
//
// on its line or on the line above. The reason is required, and a
// directive that silences nothing is itself reported.
package loopcapture
