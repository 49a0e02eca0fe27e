package hb_test

import (
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssatest"
)

const abandonSrc = `package p

func work() int { return 1 }

func leaves(stop chan bool) int {
	ch := make(chan int)
	go func() { ch <- work() }()
	select {
	case v := <-ch:
		return v
	case <-stop:
		return 0
	}
}

func drains(stop chan bool) int {
	ch := make(chan int)
	go func() { ch <- work() }()
	select {
	case v := <-ch:
		return v
	case <-stop:
		return <-ch
	}
}

func counted(xs []int) int {
	ch := make(chan int)
	for range xs {
		go func() { ch <- work() }()
	}
	n := 0
	for range xs {
		n += <-ch
	}
	return n
}

func rangeLeaves(stop chan bool) {
	ch := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			ch <- i
		}
		close(ch)
	}()
	for range ch {
		<-stop
		return
	}
}

func rangeDrains(stop chan bool) {
	ch := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			ch <- i
		}
		close(ch)
	}()
	for range ch {
	}
	<-stop
}
`

// TestAbandons asks, for the first spawn of each function, whether the
// spawner can leave on another signal without receiving from ch.
func TestAbandons(t *testing.T) {
	fset := token.NewFileSet()
	pkg, _ := ssatest.MustBuild(t, fset, "p", ssa.SanityCheckFunctions, ssatest.Source{Name: "p.go", Src: abandonSrc})
	for _, tc := range []struct {
		fn       string
		repeated bool
		want     bool
	}{
		{"leaves", false, true},
		{"drains", false, false},
		{"counted", false, false},
		{"rangeLeaves", true, true},
		{"rangeLeaves", false, false}, // one send: the first receive takes it
		{"rangeDrains", true, false},
	} {
		fn := pkg.Func(tc.fn)
		key, receives := chanReceives(t, fset, fn)
		_, got := hb.NewIndex(fset).Abandons(firstSpawn(t, fn), key, receives, tc.repeated)
		if got != tc.want {
			t.Errorf("%s (repeated %v): abandons %v, want %v", tc.fn, tc.repeated, got, tc.want)
		}
	}
}

// chanReceives returns the key of fn's variable ch and its receives.
func chanReceives(t *testing.T, fset *token.FileSet, fn *ssa.Function) (string, []ssa.Instruction) {
	key := ""
	for _, instr := range fn.Blocks[0].Instrs {
		if a, ok := instr.(*ssa.Alloc); ok && a.Comment == "ch" {
			r, _ := hb.Storage(fset, a)
			key = r.Key
		}
	}
	if key == "" {
		t.Fatalf("%s: no ch", fn.Name())
	}
	is := func(v ssa.Value) bool {
		r, ok := hb.Storage(fset, v)
		return ok && r.Key == key
	}
	var out []ssa.Instruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op == token.ARROW && is(instr.X) {
					out = append(out, instr)
				}
			case *ssa.Select:
				for _, st := range instr.States {
					if st.Dir == types.RecvOnly && is(st.Chan) {
						out = append(out, instr)
					}
				}
			}
		}
	}
	return key, out
}
