package hb_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssatest"
)

const receiptsSrc = `package p

// TB is testing.TB's Fatalf: a call of it through the interface ends
// the test's goroutine.
type TB interface{ Fatalf(string, ...any) }

type Duration int

func after(Duration) <-chan int { return nil }

func drainUntil(t TB, errs chan error, expect int, timeout Duration) {
	var timerC <-chan int
	if timeout > 0 {
		timerC = after(timeout)
	}
	for found := 0; found < expect; {
		select {
		case <-timerC:
			t.Fatalf("timeout")
		case err := <-errs:
			if err != nil {
				t.Fatalf("err: %v", err)
			} else {
				found++
			}
		}
	}
}

func giveUp(errs chan error, expect int) {
	for found := 0; found < expect; {
		select {
		case <-after(1):
			return
		case <-errs:
			found++
		}
	}
}

func giveUpAfter(errs chan error, expect int, timeout Duration) {
	var timerC <-chan int
	if timeout > 0 {
		timerC = after(timeout)
	}
	for found := 0; found < expect; {
		select {
		case <-timerC:
			return
		case <-errs:
			found++
		}
	}
}

func countsTicks(errs chan error, tick <-chan int, expect int) {
	for found := 0; found < expect; {
		select {
		case <-errs:
		case <-tick:
			found++
		}
	}
}

func twice(errs <-chan error) {
	<-errs
	<-errs
}

func bumpsAtHead(errs chan error, tick <-chan int) {
	for i := 0; i < 2; i++ {
		select {
		case <-errs:
		case <-tick:
		}
	}
}

func forever(errs chan error) {
	for {
		<-errs
	}
}

func calls(t TB, n int, tick <-chan int) {
	errs := make(chan error)
	drainUntil(t, errs, 2, 0)
	drainUntil(t, errs, n, 0)
	giveUp(errs, 2)
	giveUpAfter(errs, 2, 0)
	giveUpAfter(errs, 2, 5)
	countsTicks(errs, tick, 3)
	twice(errs)
	bumpsAtHead(errs, tick)
	forever(errs)
}
`

// TestReceipts: the fewest values a call takes from the channel it
// passes before it returns.
func TestReceipts(t *testing.T) {
	pkg, _, err := ssatest.Build(token.NewFileSet(), "p", 0, nil, ssatest.Source{Name: "p.go", Src: receiptsSrc})
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{
		2,        // drainUntil(t, errs, 2, 0): leaves its loop after two, the other ways fail the test
		0,        // drainUntil(t, errs, n, 0): n unknown
		0,        // giveUp: the timer returns before any receive
		2,        // giveUpAfter(errs, 2, 0): no timer, a nil channel's case never runs
		0,        // giveUpAfter(errs, 2, 5): the timer returns
		0,        // countsTicks: counts what it does not take from errs
		2,        // twice
		0,        // bumpsAtHead: i++ on every pass, a receive or not
		hb.Never, // forever
	}
	var got []int64
	for _, b := range pkg.Func("calls").Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || call.Call.StaticCallee() == nil || call.Call.StaticCallee().Pkg != pkg {
				continue
			}
			for i, a := range call.Call.Args {
				if ct, ok := a.(*ssa.ChangeType); ok {
					a = ct.X
				}
				if _, ok := a.(*ssa.MakeChan); ok {
					got = append(got, hb.Receipts(call, i))
				}
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d calls, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d: %d receipts, want %d", i, got[i], want[i])
		}
	}
}
