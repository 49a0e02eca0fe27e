// Package loops holds loopcapture positives (marked BUG) and negatives
// (marked OK) for the end-to-end tests in cmd/concurlint. The module
// says go 1.21, so loop variables are shared by every iteration.
//
// Line numbers matter: cmd/concurlint/e2e_test.go expects findings at
// exact positions. Add new cases at the end of the file.
package loops

import (
	"fmt"
	"sync"
)

type Item struct{ N int }

func (it Item) Print() { fmt.Println(it.N) }
func (it *Item) Bump() { it.N++ }
func use(xs ...any)    { fmt.Println(xs...) }
func wait(it *Item)    { use(it.N) }

// BUG: range variable read by a goroutine.
func RangeGo(items []Item) {
	for _, it := range items {
		go func() {
			use(it)
		}()
	}
}

// BUG: three-clause loop variable read by a goroutine.
func ForGo() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(i)
		}()
	}
	wg.Wait()
}

// BUG: deferred closure runs after the loop.
func DeferInLoop(names []string) {
	for _, name := range names {
		defer func() { use(name) }()
	}
}

// BUG: the address of the loop variable goes to a goroutine.
func AddressGo(items []Item) {
	for _, it := range items {
		go wait(&it)
	}
}

// BUG: an inner loop's goroutine captures the outer loop's variable.
func Nested(rows [][]int) {
	for r, row := range rows {
		for _, v := range row {
			v := v
			go func() { use(r, v) }()
		}
	}
}

// OK: passed as an argument.
func PassArg(items []Item) {
	for _, it := range items {
		go func(it Item) { use(it) }(it)
	}
}

// OK: copied at the top of the body.
func Copied(items []Item) {
	for _, it := range items {
		it := it
		go func() { use(it) }()
	}
}

// OK: waited for before the iteration ends.
func Joined(items []Item) {
	for _, it := range items {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(it)
		}()
		wg.Wait()
	}
}

// OK: a literal called synchronously.
func Sync(items []Item) {
	for _, it := range items {
		func() { use(it) }()
	}
}

// OK: a value receiver is evaluated at the go statement.
func ValueMethod(items []Item) {
	for _, it := range items {
		go it.Print()
	}
}

// OK: a variable declared inside the body is fresh each iteration.
func Inner(n int) {
	for i := 0; i < n; i++ {
		sq := i * i
		go func() { use(sq) }()
	}
}

// Supervisor.Go hands f to a worker goroutine through a queue, which no
// inference follows: it is a spawner only when named with -spawners.
type Supervisor struct{ queue chan func() }

func (s *Supervisor) Go(f func()) { s.queue <- f }

// OK by default, BUG with -loopcapture.spawners=(*example.com/e2e/loops.Supervisor).Go.
func Supervised(s *Supervisor, items []Item) {
	for _, it := range items {
		s.Go(func() { use(it) })
	}
}

// BUG: a pointer-receiver method value takes &it at the go statement.
func PointerMethod(items []Item) {
	for _, it := range items {
		go it.Bump()
	}
}

// BUG: the receiver of the channel keeps a pointer to the shared it.
func SendAddr(items []Item, ch chan<- *Item) {
	for _, it := range items {
		ch <- &it
	}
}

// OK: the goroutine's send is received before the iteration ends.
func Handoff(items []Item) {
	done := make(chan bool)
	for _, it := range items {
		go func() {
			use(it)
			done <- true
		}()
		<-done
	}
}
