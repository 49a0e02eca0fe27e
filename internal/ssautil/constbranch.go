package ssautil

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Succs returns the successors of b a run can take: both arms of an
// If, except when its condition is a constant or compares two constants
// (go/ssa's range over an integer tests 0 < n before its first pass,
// `for i := range 100` has no path that skips the body).
func Succs(b *ssa.BasicBlock) []*ssa.BasicBlock {
	if v, ok := constCond(b); ok {
		if v {
			return b.Succs[:1]
		}
		return b.Succs[1:2]
	}
	return b.Succs
}

// constCond returns the value of b's branch condition when it is known
// without running: a constant, or a comparison of two constants.
func constCond(b *ssa.BasicBlock) (bool, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return false, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false, false
	}
	switch c := iff.Cond.(type) {
	case *ssa.Const:
		if c.Value != nil && c.Value.Kind() == constant.Bool {
			return constant.BoolVal(c.Value), true
		}
	case *ssa.BinOp:
		x, okx := c.X.(*ssa.Const)
		y, oky := c.Y.(*ssa.Const)
		if !okx || !oky || x.Value == nil || y.Value == nil {
			return false, false
		}
		switch c.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			if x.Value.Kind() != y.Value.Kind() || x.Value.Kind() == constant.Unknown {
				return false, false
			}
			return constant.Compare(x.Value, c.Op, y.Value), true
		}
	}
	return false, false
}
