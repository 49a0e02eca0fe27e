package basic

import "sync"

func put(m map[string]int, k string) { m[k] = 1 } // want put:"writes param0"

func putTwice(m map[string]int, k string) { put(m, k) } // want putTwice:"writes param0"

// putSome writes on only some paths.
func putSome(m map[string]int, k string) { // want putSome:`writes param0 \(may\)`
	if k != "" {
		m[k] = 1
	}
}

// local touches only its own map: nothing a caller can name.
func local() {
	m := map[string]int{}
	m["a"] = 1
}

var cache = map[string]int{}

func remember(k string) { cache[k] = 1 } // want remember:"writes basic.cache"

type S struct {
	mu    sync.Mutex
	items map[string]int
	out   chan int
	once  sync.Once
}

func (s *S) get(k string) int { return s.items[k] } // want get:"reads param0.items"

func (s *S) Get(k string) int { return s.get(k) } // want Get:"reads param0.items"

func (s *S) Set(k string) { // want Set:`writes param0.items under \(basic.S\).mu`
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = 1
}

func (s *S) Send(v int) { s.out <- v } // want Send:"sends on param0.out"

// Close closes once, through sync.Once and a closure that captures the
// receiver.
func (s *S) Close() { // want Close:`closes param0.out \(may\)`
	s.once.Do(func() { close(s.out) })
}

// rec is recursive: the effect it makes itself is seen, and the
// recursion ends.
func rec(m map[string]int, n int) { // want rec:"writes param0"
	if n > 0 {
		rec(m, n-1)
	}
	m["k"] = n
}

func even(m map[string]int, n int) { // want even:`reads param0 \(may\)`
	if n > 0 {
		odd(m, n-1)
	}
}

func odd(m map[string]int, n int) { // want odd:"reads param0"
	_ = m["k"]
	if n > 0 {
		even(m, n-1)
	}
}

// shards picks an element by a non-constant index: not a path a caller
// can name.
func shards(ms []map[string]int, i int) { ms[i]["k"] = 1 }

type writer interface{ write(k string) }

type mapWriter struct{ m map[string]int }

func (w *mapWriter) write(k string) { w.m[k] = 1 } // want write:"writes param0.m"

// callWrite writes through the interface's only implementation.
func callWrite(i writer, k string) { i.write(k) } // want callWrite:"writes param0.m"

func drain(in <-chan int) { <-in } // want drain:"receives from param0"

// drainOut passes its channel field as a receive-only channel: the
// receive is on the field.
func (s *S) drainOut() { drain(s.out) } // want drainOut:"receives from param0.out"

// Function values the caller passes in: a callee that calls its func
// parameter has the argument's effects at the call site, under the
// locks it holds around the call.

func each(keys []string, f func(string)) { // want each:"calls param1"
	for _, k := range keys {
		f(k)
	}
}

func until(f func(), stop <-chan struct{}) { // want until:"receives from param1; calls param0"
	for {
		func() { f() }()
		<-stop
	}
}

func untilAgain(f func(), stop <-chan struct{}) { until(f, stop) } // want untilAgain:"receives from param1; calls param0"

func (s *S) fill(keys []string) { // want fill:"writes param0.items"
	each(keys, func(k string) { s.items[k] = 1 })
}

func (s *S) refresh() { s.items["a"] = 1 } // want refresh:"writes param0.items"

func (s *S) loop(stop <-chan struct{}) { untilAgain(s.refresh, stop) } // want loop:"writes param0.items; receives from param1"

func locked(mu *sync.Mutex, f func()) { // want locked:`calls param1 under a mutex`
	mu.Lock()
	defer mu.Unlock()
	f()
}

func (s *S) setLocked() { locked(&s.mu, func() { s.items["b"] = 2 }) } // want setLocked:`writes param0.items under \(basic.S\).mu`

var saved func()

// keep stores its func parameter and never calls it: no effects.
func keep(f func()) { saved = f }

func (s *S) kept() { keep(func() { s.items["c"] = 3 }) }
