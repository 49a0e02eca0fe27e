package hb_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssatest"
)

// gateSrc holds one spawner per AfterGate rule: mark("op") is the
// body's operation, mark("at") the spawner's point asked about.
const gateSrc = `package p

import (
	"testing"
	"time"
)

func mark(string) {}

func bad() bool { return false }

func gatedSelect(t *testing.T) {
	errs := make(chan error, 1)
	done := make(chan struct{}, 1)
	go func() {
		if bad() {
			errs <- nil
			return
		}
		mark("op")
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errs:
		t.Fatal(err)
	}
	mark("at")
}

func gatedReceive() {
	done := make(chan struct{})
	go func() {
		if bad() {
			return
		}
		mark("op")
		close(done)
	}()
	<-done
	mark("at")
}

func signalBefore() {
	done := make(chan struct{}, 1)
	go func() {
		done <- struct{}{}
		mark("op")
	}()
	<-done
	mark("at")
}

func signalWithoutOp() {
	done := make(chan struct{}, 1)
	go func() {
		if bad() {
			done <- struct{}{}
			return
		}
		mark("op")
		done <- struct{}{}
	}()
	<-done
	mark("at")
}

func otherCaseGoesOn(t *testing.T) {
	errs := make(chan error, 1)
	done := make(chan struct{}, 1)
	go func() {
		if bad() {
			errs <- nil
			return
		}
		mark("op")
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errs:
		t.Log(err)
	}
	mark("at")
}

func deferredSignal() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if bad() {
			return
		}
		mark("op")
	}()
	<-done
	mark("at")
}

func spawnerSends() {
	done := make(chan struct{}, 1)
	go func() {
		mark("op")
		done <- struct{}{}
	}()
	done <- struct{}{}
	<-done
	mark("at")
}

func handedOn() {
	done := make(chan struct{}, 1)
	go func() {
		mark("op")
		done <- struct{}{}
	}()
	go signal(done)
	<-done
	mark("at")
}

func signal(done chan struct{}) { done <- struct{}{} }

func startedInLoop(n int) {
	done := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		go func() {
			mark("op")
			done <- struct{}{}
		}()
	}
	<-done
	mark("at")
}

func atBeforeGate() {
	done := make(chan struct{})
	go func() {
		mark("op")
		close(done)
	}()
	mark("at")
	<-done
}

func releasedByTimer(t *testing.T) {
	done := make(chan struct{}, 1)
	go func() {
		if bad() {
			return
		}
		mark("op")
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("timeout")
	}
	mark("at")
}

func neverReleased(t *testing.T) {
	errs := make(chan error, 1)
	done := make(chan struct{}, 1)
	go func() {
		if bad() {
			return
		}
		mark("op")
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errs:
		t.Fatal(err)
	}
	mark("at")
}

func gateParam(done chan struct{}) {
	go func() {
		mark("op")
		done <- struct{}{}
	}()
	<-done
	mark("at")
}
`

// TestAfterGate asks, of each function's first spawn, whether
// mark("at") runs only after the body's mark("op").
func TestAfterGate(t *testing.T) {
	fset := token.NewFileSet()
	pkg, _ := ssatest.MustBuild(t, fset, "p", ssa.SanityCheckFunctions, ssatest.Source{Name: "p.go", Src: gateSrc})
	x := hb.NewIndex(fset)
	for name, want := range map[string]bool{
		"gatedSelect": true, "gatedReceive": true,
		"signalBefore": false, "signalWithoutOp": false, "otherCaseGoesOn": false,
		"deferredSignal": false, "spawnerSends": false, "handedOn": false,
		"startedInLoop": false, "atBeforeGate": false, "gateParam": false,
		"releasedByTimer": true, "neverReleased": false,
	} {
		fn := pkg.Func(name)
		m := marks(fn)
		if len(m["op"]) != 1 || len(m["at"]) != 1 {
			t.Fatalf("%s: want one op and one at mark", name)
		}
		if got := x.AfterGate(firstSpawn(t, fn), m["op"], m["at"][0]); got != want {
			t.Errorf("%s: AfterGate = %v, want %v", name, got, want)
		}
	}
}
