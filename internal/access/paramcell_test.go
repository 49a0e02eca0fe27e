package access

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssatest"
)

const cellSrc = `package p

type Mu struct{ n int }

type T struct{ mu Mu }

func call(f func()) { f() }

// captured: a closure reads s; nothing but the parameter is stored in
// its cell, so s.mu is the parameter's.
func captured(s *T) *Mu {
	call(func() { _ = s.mu.n })
	return &s.mu
}

// nested: a closure of a closure reads it.
func nested(s *T) *Mu {
	call(func() { call(func() { _ = s.mu.n }) })
	return &s.mu
}

// reassigned: a closure writes s: the cell holds what it wrote.
func reassigned(s *T) *Mu {
	call(func() { s = nil })
	return &s.mu
}

// addressed: &s escapes: anyone may write the cell.
func addressed(s *T) *Mu {
	call(func() { _ = s.mu.n })
	keep(&s)
	return &s.mu
}

func keep(p **T) {}
`

func TestParamCell(t *testing.T) {
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "example.com/p", ssa.SanityCheckFunctions, ssatest.Source{Name: "p.go", Src: cellSrc})
	for _, c := range []struct {
		fn, path string
		kind     Kind
	}{
		{"captured", "param0.mu", Param},
		{"nested", "param0.mu", Param},
		{"reassigned", "s.mu", Alloc},
		{"addressed", "s.mu", Alloc},
	} {
		r := returned(t, pkg.Func(c.fn))
		if r.Path.Root.Kind != c.kind {
			t.Errorf("%s: %s has root kind %d, want %d", c.fn, r.Path, r.Path.Root.Kind, c.kind)
		}
		if c.kind == Param && r.Path.String() != c.path {
			t.Errorf("%s: path %q, want %q", c.fn, r.Path, c.path)
		}
	}
}

// TestRebaseParamCell: a closure's s.mu, below the captured cell, is
// the parameter's s.mu at the closure's call.
func TestRebaseParamCell(t *testing.T) {
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "example.com/p", ssa.SanityCheckFunctions, ssatest.Source{Name: "p.go", Src: cellSrc})
	fn := pkg.Func("captured")
	var site Site
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok {
				site = Site{Bindings: mc.Bindings}
			}
		}
	}
	body := fn.AnonFuncs[0]
	var inner Ref
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			if fa, ok := instr.(*ssa.FieldAddr); ok && inner.Key == "" {
				inner, _ = RefOf(pkg.Prog.Fset, fa)
			}
		}
	}
	if inner.Path.Root.Kind != Free {
		t.Fatalf("closure path %s does not start at a free variable", inner.Path)
	}
	got, ok := site.Rebase(pkg.Prog.Fset, inner, RefOf)
	if !ok || got.Path.Root.Kind != Param || got.Path.String() != "param0.mu" {
		t.Errorf("closure's s.mu rebased to %s (%v), want param0.mu", got.Path, ok)
	}
}
