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
