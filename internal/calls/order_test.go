package calls_test

import (
	"fmt"
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/ssatest"
)

// A field call's callees come in the same order in every run (the
// package's members in name order), not in ssa.Package.Members' map
// order: lock summaries keep the first callee's chain as their example,
// and facts must not depend on the run.
func TestFieldCalleesOrder(t *testing.T) {
	src := "package p\ntype S struct{ hook func() }\nfunc (s *S) run() { s.hook() }\n"
	var want []string
	for _, name := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
		src += fmt.Sprintf("type %s struct{}\nfunc (%s) Start(s *S) { s.hook = func() {} }\n", name, name)
		want = append(want, fmt.Sprintf("(p.%s).Start$1", name))
	}
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", 0, ssatest.Source{Name: "p.go", Src: src})
	var run *ssa.Function
	for fn := range ssautil.AllFunctions(pkg.Prog) {
		if fn.Name() == "run" && fn.Pkg == pkg {
			run = fn
		}
	}
	var call *ssa.CallCommon
	for _, instr := range run.Blocks[0].Instrs {
		if c, ok := instr.(*ssa.Call); ok {
			call = c.Common()
		}
	}
	// Each resolver lists the package's functions anew.
	for i := 0; i < 20; i++ {
		var got []string
		for _, c := range calls.New(pkg).Callees(run, call) {
			got = append(got, c.Fn.String())
		}
		if !slices.Equal(got, want) {
			t.Fatalf("s.hook() callees %q, want %q", got, want)
		}
	}
}
