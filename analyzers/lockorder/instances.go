package lockorder

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/locks"
)

// unordered reports whether h and a, two instances of one class, are
// nested with nothing deciding their order: they have independent
// roots (not one reached from the other, not package variables, whose
// order is fixed by the code), both may be reachable by other
// goroutines already, at least one comes from the caller (and the
// other is not an element the function walks, see distinctKinds), the second
// is not a callee's acquisition on some paths only, no
// ordering comparison on them dominates
// the second acquisition, and they are not elements of a sorted slice.
func unordered(fset *token.FileSet, fl *locks.FuncFlow, h locks.Held, a locks.Acquisition) bool {
	hr, ar := h.Ref.Path.Value(), a.Ref.Path.Value()
	if hr == nil || ar == nil || hr == ar {
		return false
	}
	// As for lock-order edges, a callee's acquisition on some of its
	// paths only (an error path, a lock under a flag) is too weak a
	// witness.
	if a.May {
		return false
	}
	if h.Ref.Path.Root.Kind == access.Global || a.Ref.Path.Root.Kind == access.Global {
		return false
	}
	// An object only this goroutine can reach yet cannot be locked
	// the other way round by anyone.
	if fl.Unpublished(h.Ref, a.Instr) || fl.Unpublished(a.Ref, a.Instr) {
		return false
	}
	// The hazard is a caller passing the two the other way round: at
	// least one must come from a parameter or a captured variable.
	if !fromCaller(h.Ref) && !fromCaller(a.Ref) {
		return false
	}
	if dependsOn(ar, hr, 4) || dependsOn(hr, ar, 4) || reachedFrom(ar, hr) || reachedFrom(hr, ar) {
		return false
	}
	if sameCollection(h.Ref, a.Ref) || distinctKinds(fl.Fn, h.Ref, a.Ref) {
		return false
	}
	return !orderedByComparison(fl.Fn, a.Instr, hr, ar)
}

// distinctKinds reports whether one instance comes from the caller and
// the other is an element of a collection (not reached from the first:
// reachedFrom covers that) that the function never compares with it.
// Were the caller's one of the elements, the function would lock it
// twice: the code holds them to be different kinds of object (nats
// holds a leaf connection's lock while it locks each outbound gateway
// connection's), which no call can swap. A loop that skips the caller's
// one (if p == from { continue }) shows that it may be an element.
func distinctKinds(fn *ssa.Function, x, y locks.Ref) bool {
	if fromCaller(y) {
		x, y = y, x
	}
	if !fromCaller(x) || fromCaller(y) {
		return false
	}
	if _, ok := collectionKey(y); !ok {
		return false
	}
	return !comparedForIdentity(fn, x.Path.Value(), y.Path.Value())
}

// comparedForIdentity reports whether fn compares (== or !=) values
// computed from x and from y.
func comparedForIdentity(fn *ssa.Function, x, y ssa.Value) bool {
	xb, yb := bases(x), bases(y)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			cmp, ok := instr.(*ssa.BinOp)
			if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
				continue
			}
			if touches(cmp, xb) && touches(cmp, yb) {
				return true
			}
		}
	}
	return false
}

func fromCaller(r locks.Ref) bool {
	return r.Path.Root.Kind == access.Param || r.Path.Root.Kind == access.Free
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

// reachedFrom reports whether v is an object found inside target: a
// field, an element of a slice, array or map, or a value of a range
// over one, however many steps down (hand-over-hand traversal locks a
// child found in its held parent: the parent-then-child order is the
// structure's). Calls are not followed: dependsOn covers getters.
func reachedFrom(v, target ssa.Value) bool {
	for depth := 0; depth < 16 && v != nil; depth++ {
		if v == target {
			return true
		}
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
		case *ssa.FieldAddr, *ssa.Field, *ssa.IndexAddr, *ssa.Index, *ssa.Lookup,
			*ssa.Extract, *ssa.Next, *ssa.Range, *ssa.Slice, *ssa.TypeAssert,
			*ssa.ChangeType, *ssa.MakeInterface:
		default:
			return false
		}
		// Each of these reads its first operand: the container, the
		// (comma-ok) tuple, the iterator, the value converted.
		v = *v.(ssa.Instruction).Operands(nil)[0]
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

// sameCollection reports whether both instances are elements of one
// slice, array or map (possibly passed through a call): code that locks
// elements of one collection follows the collection's order, whether
// it sorted it first or walks it by index.
func sameCollection(x, y locks.Ref) bool {
	cx, ok1 := collectionKey(x)
	cy, ok2 := collectionKey(y)
	return ok1 && ok2 && cx == cy
}

// collectionKey names the collection an instance is an element of (a
// map key only): the path up to its first element, or, when the element
// came out of a call such as getFSM(c.fsms[i]), the collection of its
// argument.
func collectionKey(r locks.Ref) (string, bool) {
	if coll, ok := r.Path.Collection(); ok {
		return coll.Key(), true
	}
	v := r.Path.Value()
	for depth := 0; depth < 4 && v != nil; depth++ {
		switch x := v.(type) {
		case *ssa.UnOp:
			v = x.X
			continue
		case *ssa.Extract:
			v = x.Tuple
			continue
		case *ssa.TypeAssert:
			v = x.X
			continue
		case *ssa.Call:
			if len(x.Call.Args) != 1 {
				return "", false
			}
			v = x.Call.Args[0]
			continue
		}
		p, ok := access.PathOf(v)
		if !ok {
			return "", false
		}
		coll, ok := p.Collection()
		return coll.Key(), ok
	}
	return "", false
}
