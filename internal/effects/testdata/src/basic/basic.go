package basic

import "sync"

func Put(m map[string]int, k string) { m[k] = 1 } // want Put:"writes param0"

func PutTwice(m map[string]int, k string) { Put(m, k) } // want PutTwice:"writes param0"

// PutSome writes on only some paths.
func PutSome(m map[string]int, k string) { // want PutSome:`writes param0 \(may\)`
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

func Remember(k string) { cache[k] = 1 } // want Remember:"writes basic.cache"

type S struct {
	mu    sync.Mutex
	items map[string]int
	out   chan int
	once  sync.Once
}

func (s *S) Lookup(k string) int { return s.items[k] } // want Lookup:"reads param0.items"

func (s *S) Get(k string) int { return s.Lookup(k) } // want Get:"reads param0.items"

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

// Rec is recursive: the effect it makes itself is seen, and the
// recursion ends.
func Rec(m map[string]int, n int) { // want Rec:"writes param0"
	if n > 0 {
		Rec(m, n-1)
	}
	m["k"] = n
}

func Even(m map[string]int, n int) { // want Even:`reads param0 \(may\)`
	if n > 0 {
		Odd(m, n-1)
	}
}

func Odd(m map[string]int, n int) { // want Odd:"reads param0"
	_ = m["k"]
	if n > 0 {
		Even(m, n-1)
	}
}

// shards picks an element by a non-constant index: not a path a caller
// can name.
func shards(ms []map[string]int, i int) { ms[i]["k"] = 1 }

type writer interface{ Write(k string) }

type mapWriter struct{ m map[string]int }

func (w *mapWriter) Write(k string) { w.m[k] = 1 } // want Write:"writes param0.m"

// CallWrite writes through the interface's only implementation.
func CallWrite(i writer, k string) { i.Write(k) } // want CallWrite:"writes param0.m"

func Drain(in <-chan int) { <-in } // want Drain:"receives from param0"

// DrainOut passes its channel field as a receive-only channel: the
// receive is on the field.
func (s *S) DrainOut() { Drain(s.out) } // want DrainOut:"receives from param0.out"

// Function values the caller passes in: a callee that calls its func
// parameter has the argument's effects at the call site, under the
// locks it holds around the call.

func Each(keys []string, f func(string)) { // want Each:"calls param1"
	for _, k := range keys {
		f(k)
	}
}

func Until(f func(), stop <-chan struct{}) { // want Until:"receives from param1; calls param0"
	for {
		func() { f() }()
		<-stop
	}
}

func UntilAgain(f func(), stop <-chan struct{}) { Until(f, stop) } // want UntilAgain:"receives from param1; calls param0"

func (s *S) Fill(keys []string) { // want Fill:"writes param0.items"
	Each(keys, func(k string) { s.items[k] = 1 })
}

func (s *S) Refresh() { s.items["a"] = 1 } // want Refresh:"writes param0.items"

func (s *S) Loop(stop <-chan struct{}) { UntilAgain(s.Refresh, stop) } // want Loop:"writes param0.items; receives from param1"

func Locked(mu *sync.Mutex, f func()) { // want Locked:`calls param1 under a mutex`
	mu.Lock()
	defer mu.Unlock()
	f()
}

func (s *S) SetLocked() { Locked(&s.mu, func() { s.items["b"] = 2 }) } // want SetLocked:`writes param0.items under \(basic.S\).mu`

var saved func()

// keep stores its func parameter and never calls it: no effects.
func keep(f func()) { saved = f }

func (s *S) kept() { keep(func() { s.items["c"] = 3 }) }
