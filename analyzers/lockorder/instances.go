package lockorder

import (
	"fmt"
	"go/token"
	"strconv"

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
	if sameCollection(hr, ar) {
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

// sameCollection reports whether both roots are elements of one slice,
// array or map (possibly passed through a call or a field): code that
// locks elements of one collection follows the collection's order,
// whether it sorted it first or walks it by index.
func sameCollection(x, y ssa.Value) bool {
	cx, ok1 := collectionOf(x, 4)
	cy, ok2 := collectionOf(y, 4)
	return ok1 && ok2 && cx == cy
}

// collectionOf finds the collection v's element comes from and names
// it structurally, so that two loads of c.items agree.
func collectionOf(v ssa.Value, depth int) (string, bool) {
	for ; depth > 0; depth-- {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return "", false
			}
			v = x.X
		case *ssa.IndexAddr:
			return storageKey(x.X, 6), true
		case *ssa.Index:
			return storageKey(x.X, 6), true
		case *ssa.Lookup:
			return storageKey(x.X, 6), true
		case *ssa.Extract:
			v = x.Tuple
		case *ssa.Call:
			// A wrapper such as getFSM(c.fsms[i]): follow its one argument.
			if len(x.Call.Args) != 1 {
				return "", false
			}
			v = x.Call.Args[0]
		case *ssa.TypeAssert:
			v = x.X
		default:
			return "", false
		}
	}
	return "", false
}

// storageKey names where a value is loaded from: the same field of the
// same root gives the same key.
func storageKey(v ssa.Value, depth int) string {
	if depth == 0 {
		return fmt.Sprintf("%p", v)
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return storageKey(x.X, depth-1) + "*"
		}
	case *ssa.FieldAddr:
		return storageKey(x.X, depth-1) + "." + strconv.Itoa(x.Field)
	case *ssa.Field:
		return storageKey(x.X, depth-1) + "." + strconv.Itoa(x.Field)
	case *ssa.Slice:
		return storageKey(x.X, depth-1) // s[1:] walks the same elements
	}
	return fmt.Sprintf("%p", v)
}
