// Package every holds the shapes that share a variable in every Go
// version, here in a go1.22 module, beside the per-iteration variables
// that go1.22 makes safe.
package every

import (
	"sync"
	"time"
)

func use(...any) {}

func spawn(f func()) { go f() }

// A loop that assigns a variable declared outside it shares it.
func assigned(m map[string]int, xs []int) {
	var k string
	for k = range m {
		go func() {
			use(k) // want `loop variable k is shared by every iteration \(declared outside the loop, in every Go version\): the goroutine may see a later value`
		}()
	}
	var i int
	for i = 0; i < len(xs); i++ {
		go func() { use(i) }() // want `loop variable i is shared`
	}
	for i = 0; i < len(xs); i++ {
		spawn(func() { use(i) }) // want `loop variable i is shared`
	}
	for i = 0; i < len(xs); i++ {
		time.AfterFunc(time.Second, func() { use(i) }) // want `loop variable i is shared .*the AfterFunc callback may see a later value`
	}
}

// The same loops, silent: a copy per iteration, the variable passed as
// an argument, the goroutine waited for before the next iteration.
func assignedSilent(m map[string]int) {
	var k string
	for k = range m {
		k := k
		go func() { use(k) }()
	}
	for k = range m {
		go use(k)
	}
	for k = range m {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(k)
		}()
		wg.Wait()
	}
}

// Per-iteration variables (go1.22): silent, however far the goroutine.
func perIteration(xs []int) {
	for _, x := range xs {
		spawn(func() { use(x) })
		go func() { use(x) }()
		time.AfterFunc(time.Second, func() { use(x) })
	}
	for i := 0; i < len(xs); i++ {
		func() {
			go func() { use(i) }()
		}()
	}
}

// A go statement in a literal run during the iteration: called at
// once, or passed to a function that calls it.
func throughLiteral(m map[string]int) {
	var k string
	for k = range m {
		func() {
			go func() { use(k) }() // want `loop variable k is shared`
		}()
		runNow(func() {
			go func() { use(k) }() // want `loop variable k is shared`
		})
		func() {
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { // waited for before the literal returns
				defer wg.Done()
				use(k)
			}()
			wg.Wait()
		}()
		func() {
			defer use(k) // runs before the literal returns
		}()
	}
}

func runNow(f func()) { f() }

// current is a package-level variable; a loop that assigns it shares
// it with every goroutine it starts, like a local declared outside.
var current string

func assignedPackageVar(m map[string]int) {
	for current = range m {
		go func() {
			use(current) // want `loop variable current is shared by every iteration \(declared outside the loop, in every Go version\)`
		}()
	}
}

// The same loop, silent: the value passed as an argument, or copied
// into a per-iteration variable; a package variable read by a
// goroutine the loop does not assign.
func assignedPackageVarSilent(m map[string]int) {
	for current = range m {
		go use(current)
	}
	for current = range m {
		current := current
		go func() { use(current) }()
	}
	for k := range m {
		go func() { use(k, current) }()
	}
	for current = range m {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(current)
		}()
		wg.Wait()
	}
}
