package calls

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// cellClosure returns the closure a variable's cell holds, and its
// bindings in fn's terms (nil where fn cannot name one), when the cell
// is stored exactly once: cell is an Alloc of fn or a free variable of
// fn bound to such a cell in the enclosing function. A closure kept in
// a variable that closures capture lives in such a cell:
//
//	rollback := func() { mu.Unlock() }
//	commit := func() { ...; rollback() }
//
// Both calls of rollback load it from its cell (commit through its
// free variable).
func cellClosure(fn *ssa.Function, cell ssa.Value, depth int) (*ssa.Function, []ssa.Value) {
	if depth == 0 || fn == nil {
		return nil, nil
	}
	switch c := cell.(type) {
	case *ssa.Alloc:
		mc, ok := publish.StoredOnce(c).(*ssa.MakeClosure)
		if !ok {
			return nil, nil
		}
		f, ok := mc.Fn.(*ssa.Function)
		if !ok {
			return nil, nil
		}
		return f, mc.Bindings
	case *ssa.FreeVar:
		outer := ssautil.MakerOf(fn)
		i := slices.Index(fn.FreeVars, c)
		if outer == nil || i < 0 || i >= len(outer.Bindings) {
			return nil, nil
		}
		f, bindings := cellClosure(fn.Parent(), outer.Bindings[i], depth-1)
		if f == nil {
			return nil, nil
		}
		// Rename the closure's bindings (values of the enclosing
		// function) to fn's free variables bound to the same values.
		mapped := make([]ssa.Value, len(bindings))
		for j, b := range bindings {
			if k := slices.Index(outer.Bindings, b); k >= 0 && k < len(fn.FreeVars) {
				mapped[j] = fn.FreeVars[k]
			}
		}
		return f, mapped
	}
	return nil, nil
}

// dedup drops repeated callees (one function stored twice).
func dedup(list []Callee) []Callee {
	var out []Callee
	for _, c := range list {
		dup := false
		for _, o := range out {
			if o.Fn == c.Fn {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

// alternatives marks each callee of list as one of len(list) of kind k.
func alternatives(list []Callee, k Kind) []Callee {
	if len(list) > MaxImpls {
		return nil
	}
	for i := range list {
		list[i].Kind = k
		list[i].Alternatives = len(list)
	}
	return list
}
