package ssautil

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// ClosedSucc returns the successor b branches to when a channel is
// closed, if b ends a range over a channel (or tests a receive's ok)
// that the standard library never closes: a Ticker's or Timer's C,
// time.After, time.Tick. That branch is never taken: the loop over
// for range time.NewTicker(d).C is left only from its body.
func ClosedSucc(b *ssa.BasicBlock) (*ssa.BasicBlock, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, false
	}
	okv, ok := iff.Cond.(*ssa.Extract)
	if !ok || okv.Index != 1 {
		return nil, false
	}
	recv, ok := okv.Tuple.(*ssa.UnOp)
	if !ok || recv.Op != token.ARROW || !recv.CommaOk || !NeverClosed(recv.X) {
		return nil, false
	}
	return b.Succs[1], true
}

// NeverClosed reports whether v is a channel the standard library
// makes and never closes: the C field of a time.Ticker or time.Timer,
// the result of time.After or time.Tick.
func NeverClosed(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.UnOp:
		fa, ok := v.X.(*ssa.FieldAddr)
		if v.Op != token.MUL || !ok {
			return false
		}
		ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
		if !ok {
			return false
		}
		named, ok := ptr.Elem().(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "time" {
			return false
		}
		st, ok := named.Underlying().(*types.Struct)
		name := named.Obj().Name()
		return ok && (name == "Ticker" || name == "Timer") && fa.Field < st.NumFields() && st.Field(fa.Field).Name() == "C"
	case *ssa.Call:
		switch CalleeName(&v.Call) {
		case "time.After", "time.Tick":
			return true
		}
	}
	return false
}
