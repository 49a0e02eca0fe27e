package hb_test

import (
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssatest"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// doneSrc holds one spawner per MissedDone rule; the functions named
// missed* have a body that can return without its Done.
const doneSrc = `package p

import "sync"

func bad() bool { return false }

func missedEarlyReturn() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if bad() {
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func missedOnOneBranch(x int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go work(&wg, x)
	wg.Wait()
}

func work(wg *sync.WaitGroup, x int) {
	switch x {
	case 0:
		wg.Done()
	case 1:
		note()
		wg.Done()
	}
}

func note() {}

type server struct {
	wg   sync.WaitGroup
	busy bool
}

func (s *server) missedStart() {
	s.wg.Add(1)
	go s.run()
}

func (s *server) run() {
	if s.busy {
		s.log()
		return
	}
	s.wg.Done()
}

func (s *server) log() {}

func deferred() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if bad() {
			return
		}
	}()
	wg.Wait()
}

func deferredClosure() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer func() { wg.Done() }()
		if bad() {
			return
		}
	}()
	wg.Wait()
}

func everyPath() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if bad() {
			wg.Done()
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func panics() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if bad() {
			panic("bad")
		}
		wg.Done()
	}()
	wg.Wait()
}

func handedToHelper() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if bad() {
			finish(&wg)
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func finish(wg *sync.WaitGroup) { wg.Done() }

func (s *server) stopStart() {
	s.wg.Add(1)
	go s.runStops()
}

func (s *server) runStops() {
	if s.busy {
		s.stop()
		return
	}
	s.wg.Done()
}

func (s *server) stop() { s.wg.Done() }

func handedToGoroutine() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if bad() {
			go func() { defer wg.Done() }()
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func notCounted(wg *sync.WaitGroup) {
	go func() {
		if bad() {
			return
		}
		wg.Done()
	}()
}

func doneInLoop(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	go func() {
		for range xs {
			wg.Done()
		}
	}()
	wg.Wait()
}
`

// TestMissedDone asks, of each function's first spawn, whether its body
// can return without the Done its spawner counted on.
func TestMissedDone(t *testing.T) {
	fset := token.NewFileSet()
	pkg, _, err := ssatest.Build(fset, "p", ssa.SanityCheckFunctions, nil, ssatest.Source{Name: "p.go", Src: doneSrc})
	if err != nil {
		t.Fatal(err)
	}
	x := hb.NewIndex(fset)
	want := map[string]int{ // the line of the return reached, 0 for none
		"missedEarlyReturn": 12, "missedOnOneBranch": 34, "missedStart": 51,
		"deferred": 0, "deferredClosure": 0, "everyPath": 0, "panics": 0,
		"handedToHelper": 0, "stopStart": 0, "handedToGoroutine": 0,
		"notCounted": 0, "doneInLoop": 0,
	}
	for name, line := range want {
		fn := pkg.Func(name)
		if fn == nil {
			fn = methodOf(pkg, "server", name)
		}
		if fn == nil {
			t.Fatalf("no function %s", name)
		}
		u, ok := x.MissedDone(firstSpawn(t, fn))
		got := 0
		if ok {
			got = fset.Position(ssautil.ReturnPos(u.Return.Parent(), u.Return)).Line
		}
		if got != line {
			t.Errorf("%s: MissedDone return at line %d, want %d", name, got, line)
		}
	}
}

func methodOf(pkg *ssa.Package, typ, name string) *ssa.Function {
	t := pkg.Type(typ)
	if t == nil {
		return nil
	}
	sel := pkg.Prog.MethodSets.MethodSet(types.NewPointer(t.Type())).Lookup(pkg.Pkg, name)
	if sel == nil {
		return nil
	}
	return pkg.Prog.MethodValue(sel)
}
