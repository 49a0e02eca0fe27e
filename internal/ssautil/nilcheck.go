package ssautil

import (
	"go/token"

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
