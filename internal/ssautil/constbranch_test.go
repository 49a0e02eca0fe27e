package ssautil_test

import (
	"go/token"
	"testing"

	"github.com/concurlint/concurlint/internal/ssatest"
	"github.com/concurlint/concurlint/internal/ssautil"
)

const constSrc = `package p

func rangeConst() {
	for i := range 100 {
		_ = i
	}
}

func rangeVar(n int) {
	for i := range n {
		_ = i
	}
}
`

// TestSuccs checks that a branch on a comparison of two constants (the
// first test of a range over a constant count) has one way to go, and
// one on a variable two.
func TestSuccs(t *testing.T) {
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", 0, ssatest.Source{Name: "p.go", Src: constSrc})
	for name, want := range map[string]int{"rangeConst": 1, "rangeVar": 2} {
		entry := pkg.Func(name).Blocks[0]
		if got := len(ssautil.Succs(entry)); got != want {
			t.Errorf("%s: the entry block has %d feasible successors, want %d", name, got, want)
		}
	}
}
