package publish_test

import (
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/ssatest"
)

func build(t *testing.T) *ssa.Package {
	t.Helper()
	spkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", ssa.SanityCheckFunctions, ssatest.Source{Name: "testdata/p.go"})
	return spkg
}

// TestAllocation finds the object behind a captured variable's cell,
// and none behind a parameter.
func TestAllocation(t *testing.T) {
	spkg := build(t)
	fn := spkg.Func("privReassignedCell")
	var receivers []ssa.Value
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if fa, ok := in.(*ssa.FieldAddr); ok {
				receivers = append(receivers, fa.X)
			}
		}
	}
	if len(receivers) == 0 {
		t.Fatal("no field address in privReassignedCell")
	}
	for _, r := range receivers {
		if got := publish.Allocation(r); got != newT(fn) {
			t.Errorf("Allocation(%s) = %v, want the new T", r, got)
		}
	}
	if got := publish.Allocation(spkg.Func("privField").Params[0]); got != nil {
		t.Errorf("Allocation(parameter) = %v, want nil", got)
	}
}

// TestPublished asks, in each function of testdata/p.go, whether the
// first T it allocates is published at its last call of mark(): the
// functions named pub* say yes, priv* no.
func TestPublished(t *testing.T) {
	spkg := build(t)
	q := publish.New()
	cases := 0
	for _, mem := range spkg.Members {
		fn, ok := mem.(*ssa.Function)
		if !ok {
			continue
		}
		want := strings.HasPrefix(fn.Name(), "pub")
		if !want && !strings.HasPrefix(fn.Name(), "priv") {
			continue
		}
		alloc, at := newT(fn), lastMark(fn)
		if alloc == nil || at == nil {
			t.Errorf("%s: no allocation or no mark()", fn.Name())
			continue
		}
		cases++
		if got := q.Published(alloc, at); got != want {
			t.Errorf("%s: Published = %v, want %v", fn.Name(), got, want)
		}
	}
	if cases < 20 {
		t.Errorf("only %d cases ran", cases)
	}
}

func newT(fn *ssa.Function) *ssa.Alloc {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if a, ok := in.(*ssa.Alloc); ok {
				elem := a.Type().(*types.Pointer).Elem()
				if n, ok := elem.(*types.Named); ok && n.Obj().Name() == "T" {
					return a
				}
				if arr, ok := elem.(*types.Array); ok && types.TypeString(arr.Elem(), nil) == "p.T" {
					return a
				}
			}
		}
	}
	return nil
}

func lastMark(fn *ssa.Function) ssa.Instruction {
	var last ssa.Instruction
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if c, ok := in.(*ssa.Call); ok {
				if callee := c.Call.StaticCallee(); callee != nil && callee.Name() == "mark" {
					last = in
				}
			}
		}
	}
	return last
}

// TestPublishedKeepsCFG asks every question TestPublished asks and
// checks that no block's successors changed: the walk from a
// publishing site once appended into a block's own Succs, rewiring the
// CFG that every analyzer of the package shares (a cancel called after
// an if was then skipped by the else edge).
func TestPublishedKeepsCFG(t *testing.T) {
	spkg := build(t)
	succs := map[*ssa.BasicBlock][]*ssa.BasicBlock{}
	var funcs []*ssa.Function
	for _, mem := range spkg.Members {
		if fn, ok := mem.(*ssa.Function); ok {
			funcs = append(funcs, fn)
			for _, b := range fn.Blocks {
				succs[b] = append([]*ssa.BasicBlock(nil), b.Succs...)
			}
		}
	}
	q := publish.New()
	for _, fn := range funcs {
		if alloc, at := newT(fn), lastMark(fn); alloc != nil && at != nil {
			q.Published(alloc, at)
		}
	}
	for b, want := range succs {
		if !slices.Equal(b.Succs, want) {
			t.Errorf("%s block %d: successors %v after Published, want %v", b.Parent().Name(), b.Index, b.Succs, want)
		}
	}
}
