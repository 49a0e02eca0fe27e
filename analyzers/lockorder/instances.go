package lockorder

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/locks"
)

// unordered reports whether h and a, two instances of one class, are
// nested with nothing deciding their order: they have independent
// roots (not one reached from the other, not package variables, whose
// order is fixed by the code), no ordering comparison on them dominates
// the second acquisition, and they are not elements of a sorted slice.
func unordered(fl *locks.FuncFlow, h locks.Held, a locks.Acquisition) bool {
	hr, ar := h.Ref.Root, a.Ref.Root
	if hr == nil || ar == nil || hr == ar {
		return false
	}
	if h.Ref.RootKind == locks.RootGlobal || a.Ref.RootKind == locks.RootGlobal {
		return false
	}
	if dependsOn(ar, hr, 4) || dependsOn(hr, ar, 4) {
		return false
	}
	if sortedElements(hr, ar) {
		return false
	}
	return !orderedByComparison(fl.Fn, a.Instr, hr, ar)
}

// dependsOn reports whether v is computed from target within depth
// steps (a field load, a call with target as an argument, a phi).
func dependsOn(v, target ssa.Value, depth int) bool {
	if v == target {
		return true
	}
	if depth == 0 {
		return false
	}
	instr, ok := v.(ssa.Instruction)
	if !ok {
		return false
	}
	for _, op := range instr.Operands(nil) {
		if op != nil && *op != nil && dependsOn(*op, target, depth-1) {
			return true
		}
	}
	return false
}

// bases returns the values v is built from: v itself, and for a phi
// (first, second := from, to; if ... { swap }) the values it merges.
func bases(v ssa.Value) []ssa.Value {
	if phi, ok := v.(*ssa.Phi); ok {
		out := []ssa.Value{v}
		for _, e := range phi.Edges {
			out = append(out, e)
		}
		return out
	}
	return []ssa.Value{v}
}

// orderedByComparison reports whether an if on an ordering comparison
// (<, <=, >, >=) of values computed from both roots dominates the
// second acquisition: the "lock the lower ID first" idiom, whether it
// swaps the two (the roots are then phis) or branches to two orders.
func orderedByComparison(fn *ssa.Function, at ssa.Instruction, hr, ar ssa.Value) bool {
	if at == nil || at.Block() == nil {
		return false
	}
	hb, ab := bases(hr), bases(ar)
	for _, b := range fn.Blocks {
		if !b.Dominates(at.Block()) || len(b.Instrs) == 0 {
			continue
		}
		cond, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := cond.Cond.(*ssa.BinOp)
		if !ok || !isOrdering(cmp.Op) {
			continue
		}
		if touches(cmp, hb) && touches(cmp, ab) {
			return true
		}
	}
	return false
}

func isOrdering(op token.Token) bool {
	return op == token.LSS || op == token.LEQ || op == token.GTR || op == token.GEQ
}

// touches reports whether cmp's operands are computed from any of vs.
func touches(cmp *ssa.BinOp, vs []ssa.Value) bool {
	for _, v := range vs {
		if dependsOn(cmp.X, v, 5) || dependsOn(cmp.Y, v, 5) {
			return true
		}
	}
	return false
}

// sortedElements reports whether both roots are elements of one slice
// that the function sorts (sort.Slice, slices.SortFunc, ...).
func sortedElements(x, y ssa.Value) bool {
	xs, ok1 := elementOf(x)
	ys, ok2 := elementOf(y)
	if !ok1 || !ok2 || xs != ys {
		return false
	}
	return sorted(xs, 3)
}

// sorted reports whether s is passed to a sort or slices sorting
// function, directly or converted to an interface (sort.Slice).
func sorted(s ssa.Value, depth int) bool {
	refs := s.Referrers()
	if refs == nil || depth == 0 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp: // a load of the slice's variable
			if r.Op == token.MUL && sorted(r, depth-1) {
				return true
			}
		case *ssa.MakeInterface:
			if sorted(r, depth-1) {
				return true
			}
		case *ssa.Call:
			fn := r.Call.StaticCallee()
			if fn == nil {
				continue
			}
			if o := fn.Origin(); o != nil {
				fn = o
			}
			if fn.Pkg == nil {
				continue
			}
			path := fn.Pkg.Pkg.Path()
			if (path == "sort" || path == "slices") && strings.HasPrefix(fn.Name(), "S") {
				return true
			}
		}
	}
	return false
}

// elementOf returns the slice whose element v is (s[i] loaded), named
// by its variable when the slice is loaded from one.
func elementOf(v ssa.Value) (ssa.Value, bool) {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X
	}
	switch x := v.(type) {
	case *ssa.IndexAddr:
		return variable(x.X), true
	case *ssa.Index:
		return variable(x.X), true
	}
	return nil, false
}

// variable returns the variable a value is loaded from (a captured
// slice is re-loaded at each use), or the value itself.
func variable(v ssa.Value) ssa.Value {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		switch load.X.(type) {
		case *ssa.Alloc, *ssa.FreeVar, *ssa.Global:
			return load.X
		}
	}
	return v
}
