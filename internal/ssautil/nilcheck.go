package ssautil

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// NilSucc returns the successor b branches to when a value is nil, if
// b ends in a nil check (x == nil, x != nil, either way round) of a
// value is accepts: a search that knows the value is not nil never
// takes it.
func NilSucc(b *ssa.BasicBlock, is func(ssa.Value) bool) (*ssa.BasicBlock, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, false
	}
	bin, ok := iff.Cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
		return nil, false
	}
	x, y := bin.X, bin.Y
	if isNil(x) {
		x, y = y, x
	}
	if !isNil(y) || !is(x) {
		return nil, false
	}
	if bin.Op == token.EQL {
		return b.Succs[0], true
	}
	return b.Succs[1], true
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// NonNilAt reports whether x is not nil in block b: b runs only on the
// non-nil arm of a comparison of x with nil.
func NonNilAt(x ssa.Value, b *ssa.BasicBlock) bool {
	for d := b.Idom(); d != nil; d = d.Idom() {
		isNil, ok := NilSucc(d, func(v ssa.Value) bool { return v == x })
		if !ok {
			continue
		}
		nonNil := d.Succs[0]
		if nonNil == isNil {
			nonNil = d.Succs[1]
		}
		if nonNil.Dominates(b) {
			return true
		}
	}
	return false
}

// ReturnsError reports whether ret returns, as its function's last
// result of type error, an error that is not nil: one checked not nil
// on the way, or a value made into the interface there.
func ReturnsError(ret *ssa.Return) bool {
	n := len(ret.Results)
	if n == 0 || !types.Identical(ret.Results[n-1].Type(), types.Universe.Lookup("error").Type()) {
		return false
	}
	v := storedBefore(ret.Results[n-1], ret)
	if _, ok := v.(*ssa.MakeInterface); ok {
		return true
	}
	return NonNilAt(v, ret.Block())
}

// storedBefore sees through a function with defers returning its
// result slot: the value stored there last in the block of at.
func storedBefore(v ssa.Value, at ssa.Instruction) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	slot, ok := load.X.(*ssa.Alloc)
	if !ok {
		return v
	}
	out := v
	for _, instr := range at.Block().Instrs {
		if instr == at {
			break
		}
		if st, ok := instr.(*ssa.Store); ok && st.Addr == slot {
			out = st.Val
		}
	}
	return out
}
