package calls_test

import (
	"go/token"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/ssatest"
)

// TestCallees resolves every call in testdata/p.go that carries a
// "// callees: kind:name ..." comment (or "none") and compares.
func TestCallees(t *testing.T) {
	fset := token.NewFileSet()
	pkg, files := ssatest.MustBuild(t, fset, "p", ssa.InstantiateGenerics, ssatest.Source{Name: "testdata/p.go"})
	f := files[0]
	want := map[int]string{}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if rest, ok := strings.CutPrefix(c.Text, "// callees: "); ok {
				want[fset.Position(c.Pos()).Line] = rest
			}
		}
	}
	r := calls.New(pkg)
	checked := map[int]bool{}
	for fn := range ssautil.AllFunctions(pkg.Prog) {
		if fn.Pkg != pkg {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				line := fset.Position(instr.Pos()).Line
				w, ok := want[line]
				if !ok {
					r.Callees(fn, call.Common()) // must not panic
					continue
				}
				checked[line] = true
				var got []string
				for _, c := range r.Callees(fn, call.Common()) {
					got = append(got, c.Kind.String()+":"+c.Fn.RelString(pkg.Pkg))
				}
				if len(got) == 0 {
					got = []string{"none"}
				}
				if g := strings.Join(got, " "); !sameSet(g, w) {
					t.Errorf("line %d: callees %s, want %s", line, g, w)
				}
			}
		}
	}
	for line := range want {
		if !checked[line] {
			t.Errorf("line %d: no call found", line)
		}
	}
}

func sameSet(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// TestNil checks that a nil resolver or call resolves to nothing.
func TestNil(t *testing.T) {
	var r *calls.Resolver
	if got := r.Callees(nil, nil); got != nil {
		t.Errorf("nil call: %v", got)
	}
	if got := calls.New(nil).Callees(nil, &ssa.CallCommon{}); got != nil {
		t.Errorf("empty call: %v", got)
	}
}

// TestArgs checks the callee's parameters in the caller's terms: a
// method value stored in a field of the object it is bound to runs on
// the object whose field is called; an interface call's receiver is
// unknown, a fmt operand is the receiver of its String.
func TestArgs(t *testing.T) {
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", 0, ssatest.Source{Name: "testdata/p.go"})
	r := calls.New(pkg)
	first := func(fn *ssa.Function, kind calls.Kind) calls.Callee {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					for _, c := range r.Callees(fn, call.Common()) {
						if c.Kind == kind {
							return c
						}
					}
				}
			}
		}
		t.Fatalf("%s: no %s callee", fn, kind)
		return calls.Callee{}
	}
	param := pkg.Func("fields").Params[0]
	if c := first(pkg.Func("fields"), calls.Field); len(c.Args) != 1 || c.Args[0] != param || c.Alternatives != 1 {
		t.Errorf("t.onEvent(): args %v (%d alternatives), want [t] (1)", c.Args, c.Alternatives)
	}
	if c := first(pkg.Func("viaInterface"), calls.Interface); len(c.Args) != 1 || c.Args[0] != nil {
		t.Errorf("s.Get(): args %v, want [nil]", c.Args)
	}
	if c := first(pkg.Func("twoImpls"), calls.Interface); c.Alternatives != 2 {
		t.Errorf("s.Area(): %d alternatives, want 2", c.Alternatives)
	}
	if c := first(pkg.Func("formatting"), calls.Format); len(c.Args) != 1 || c.Args[0] != pkg.Func("formatting").Params[0] {
		t.Errorf("fmt.Sprintf(%%v, t): args %v, want [t]", c.Args)
	}
	// h, captured by run, holds t.other: the call in run finds it.
	if c := first(pkg.Func("locals").AnonFuncs[0], calls.Local); c.Fn.Name() != "other" {
		t.Errorf("h() in run: %s, want (*T).other", c.Fn)
	}
}
