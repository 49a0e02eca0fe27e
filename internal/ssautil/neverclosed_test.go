package ssautil_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssatest"
	"github.com/concurlint/concurlint/internal/ssautil"
)

const tickSrc = `package p

import "time"

func ticker() {
	for range time.NewTicker(time.Second).C {
	}
}

func after() {
	for range time.After(time.Second) {
	}
}

func channel(c chan int) {
	for range c {
	}
}
`

// TestClosedSucc checks that a range over a Ticker's C or time.After
// never takes its closed branch, and a range over another channel may.
func TestClosedSucc(t *testing.T) {
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", 0, ssatest.Source{Name: "p.go", Src: tickSrc})
	for name, want := range map[string]bool{"ticker": true, "after": true, "channel": false} {
		found := false
		for _, b := range pkg.Func(name).Blocks {
			if succ, ok := ssautil.ClosedSucc(b); ok {
				found = true
				if succ != b.Succs[1] || !rangeDone(succ) {
					t.Errorf("%s: closed successor %s", name, succ)
				}
			}
		}
		if found != want {
			t.Errorf("%s: closed branch never taken = %v, want %v", name, found, want)
		}
	}
}

// rangeDone reports whether b is where go/ssa ends a range loop.
func rangeDone(b *ssa.BasicBlock) bool { return b.Comment == "rangechan.done" }
