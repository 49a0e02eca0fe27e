package ssautil_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssatest"
	"github.com/concurlint/concurlint/internal/ssautil"
)

const nilSrc = `package p

func eq(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func neq(p *int) int {
	if nil != p {
		return *p
	}
	return 0
}

func other(p *int, n int) int {
	if n == 0 {
		return 0
	}
	return *p
}
`

// TestNilSucc checks the successor taken when a parameter is nil, on
// both comparisons either way round, and none for another test.
func TestNilSucc(t *testing.T) {
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", 0, ssatest.Source{Name: "p.go", Src: nilSrc})
	for name, want := range map[string]int{"eq": 0, "neq": 1, "other": -1} {
		fn := pkg.Func(name)
		param := func(v ssa.Value) bool { return v == fn.Params[0] }
		succ, ok := ssautil.NilSucc(fn.Blocks[0], param)
		switch {
		case want < 0 && ok:
			t.Errorf("%s: nil successor %s, want none", name, succ)
		case want >= 0 && (!ok || succ != fn.Blocks[0].Succs[want]):
			t.Errorf("%s: nil successor %v, %v, want Succs[%d]", name, succ, ok, want)
		}
	}
}
