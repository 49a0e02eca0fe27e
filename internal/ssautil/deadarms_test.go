package ssautil_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssatest"
	"github.com/concurlint/concurlint/internal/ssautil"
)

const armsSrc = `package p

import (
	"os"
	"testing"
)

func fatalArm(t *testing.T, ch, stop chan int) {
	select {
	case <-ch:
	case <-stop:
		t.FailNow()
	}
}

func panicArm(ch, stop chan int) {
	select {
	case <-ch:
	case <-stop:
		panic("stop")
	}
}

func exitDefault(ch chan int) {
	select {
	case <-ch:
	default:
		os.Exit(1)
	}
}

func twoLive(ch, stop chan int) {
	select {
	case <-ch:
	case <-stop:
	}
}

func liveDefault(ch chan int) {
	select {
	case <-ch:
	default:
	}
}
`

// TestOnlyLiveCase checks that a select's case is the only one after
// which the function goes on when every other case (and the default)
// ends the goroutine: a test's FailNow, a panic, os.Exit.
func TestOnlyLiveCase(t *testing.T) {
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", 0, ssatest.Source{Name: "p.go", Src: armsSrc})
	for name, want := range map[string]bool{"fatalArm": true, "panicArm": true, "exitDefault": true, "twoLive": false, "liveDefault": false} {
		var sel *ssa.Select
		for _, b := range pkg.Func(name).Blocks {
			for _, instr := range b.Instrs {
				if s, ok := instr.(*ssa.Select); ok {
					sel = s
				}
			}
		}
		if sel == nil {
			t.Fatalf("%s: no select", name)
		}
		if got := ssautil.OnlyLiveCase(sel, 0); got != want {
			t.Errorf("%s: OnlyLiveCase(case 0) = %v, want %v", name, got, want)
		}
		if want && ssautil.OnlyLiveCase(sel, 1) {
			t.Errorf("%s: OnlyLiveCase(case 1) = true, want false (it ends the goroutine)", name)
		}
		if live := ssautil.LiveCases(sel); want != (live == 1) {
			t.Errorf("%s: LiveCases = %d", name, live)
		}
	}
}
