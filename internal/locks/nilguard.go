package locks

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// guardedAt is branchGuarded for the acquisition at instr, except that
// a nil check of the function value instr calls does not count:
//
//	if r.AddFunc != nil {
//		r.AddFunc()
//	}
//
// runs whatever the resolver found stored in the field whenever one is
// stored, as an unguarded call would: the check adds no path on which
// the callee's locks are not taken.
func guardedAt(instr ssa.Instruction) bool {
	b := instr.Block()
	call, ok := instr.(ssa.CallInstruction)
	if !ok || call.Common().IsInvoke() || call.Common().StaticCallee() != nil {
		return branchGuarded(b)
	}
	callee := call.Common().Value
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 || len(d.Succs) != 2 || d.Succs[0] == d.Succs[1] {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || loopHeader(d) {
			continue
		}
		taken := -1
		switch {
		case d.Succs[0].Dominates(b):
			taken = 0
		case d.Succs[1].Dominates(b):
			taken = 1
		default:
			continue
		}
		if !nilCheckOf(iff.Cond, callee, taken == 0) {
			return true
		}
	}
	return false
}

// nilCheckOf reports whether cond, found to be value, says fn is not
// nil: fn != nil true, or fn == nil false, fn compared as one value or
// as two loads of one field or variable.
func nilCheckOf(cond, fn ssa.Value, value bool) bool {
	x, eql, ok := nilCompare(cond)
	return ok && eql != value && sameLoad(x, fn)
}

// nilCompare returns the value cond compares with nil, and whether it
// tests for equality (x == nil) rather than x != nil.
func nilCompare(cond ssa.Value) (x ssa.Value, eql, ok bool) {
	bin, ok := cond.(*ssa.BinOp)
	if !ok || (bin.Op != token.NEQ && bin.Op != token.EQL) {
		return nil, false, false
	}
	x, y := bin.X, bin.Y
	if c, ok := x.(*ssa.Const); ok && c.IsNil() {
		x, y = y, x
	}
	if c, ok := y.(*ssa.Const); !ok || !c.IsNil() {
		return nil, false, false
	}
	return x, bin.Op == token.EQL, true
}

// sameLoad reports whether a and b are one value or two loads of one
// field of one object (or of one variable).
func sameLoad(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if ok1 && ok2 && la.Op == token.MUL && lb.Op == token.MUL {
		if la.X == lb.X {
			return true
		}
		fa, ok1 := la.X.(*ssa.FieldAddr)
		fb, ok2 := lb.X.(*ssa.FieldAddr)
		return ok1 && ok2 && fa.X == fb.X && fa.Field == fb.Field
	}
	fa, ok1 := a.(*ssa.Field)
	fb, ok2 := b.(*ssa.Field)
	return ok1 && ok2 && fa.X == fb.X && fa.Field == fb.Field
}
