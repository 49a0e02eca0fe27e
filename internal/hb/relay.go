package hb

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// carriesValues reports whether anything but a relay's signal sends on
// the channel key (in fn's terms), in fn or in a body fn spawns: a
// receive from it may then take such a value, and only seeing the
// channel closed tells that a relay closing it has signalled.
func (x *Index) carriesValues(fn *ssa.Function, key string) bool {
	byKey := x.carries[fn]
	if byKey == nil {
		byKey = x.sentOn(fn)
		x.carries[fn] = byKey
	}
	return byKey[key]
}

// sentOn lists the channels (in fn's terms) that fn and the bodies it
// spawns send on, relays' signals aside.
func (x *Index) sentOn(fn *ssa.Function) map[string]bool {
	signals := map[ssa.Instruction]bool{}
	for _, r := range x.relaysOf(fn) {
		signals[r.at] = true
	}
	out := map[string]bool{}
	scan := func(f *ssa.Function, name func(ssa.Value) (string, bool)) {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				for _, ch := range sends(instr) {
					if key, ok := name(ch); ok && !signals[instr] {
						out[key] = true
					}
				}
			}
		}
	}
	scan(fn, func(v ssa.Value) (string, bool) {
		r, ok := Storage(x.fset, v)
		return r.Key, ok
	})
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if s, ok := x.spawns(instr); ok && s.Body() != nil {
				scan(s.Body(), func(v ssa.Value) (string, bool) { return outerKey(x.fset, s, v) })
			}
		}
	}
	return out
}

// sends returns the channels instr sends on: a send statement's, or a
// select's send cases'.
func sends(instr ssa.Instruction) []ssa.Value {
	switch instr := instr.(type) {
	case *ssa.Send:
		return []ssa.Value{instr.Chan}
	case *ssa.Select:
		var out []ssa.Value
		for _, st := range instr.States {
			if st.Dir == types.SendOnly {
				out = append(out, st.Chan)
			}
		}
		return out
	}
	return nil
}

// closedBranch recognises a block that ends by branching on whether a
// receive saw its channel closed (v, ok := <-ch; if ok ...; a range
// over ch): it returns the channel's key and the successor taken when
// the channel is closed.
func closedBranch(fset *token.FileSet, b *ssa.BasicBlock) (key string, closed int, ok bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return "", 0, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return "", 0, false
	}
	cond, closed := iff.Cond, 1
	if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
		cond, closed = not.X, 0
	}
	ext, ok := cond.(*ssa.Extract)
	if !ok || ext.Index != 1 {
		return "", 0, false
	}
	ch := receivedFrom(ext.Tuple, b)
	if ch == nil {
		return "", 0, false
	}
	r, ok := Storage(fset, ch)
	return r.Key, closed, ok
}

// receivedFrom returns the channel whose receive tuple is an ok
// tested in block b: a comma-ok receive's, or, in the branch of a
// select case that receives (case v, ok := <-ch), that case's.
func receivedFrom(tuple ssa.Value, b *ssa.BasicBlock) ssa.Value {
	switch t := tuple.(type) {
	case *ssa.UnOp:
		if t.Op == token.ARROW && t.CommaOk {
			return t.X
		}
	case *ssa.Select:
		for d := b; d != nil; d = d.Idom() {
			if sel, i, ok := SelectCase(d); ok && sel == t && d.Succs[0].Dominates(b) {
				if sel.States[i].Dir == types.RecvOnly {
					return sel.States[i].Chan
				}
				return nil
			}
		}
	}
	return nil
}

// commaOk reports whether instr is a receive whose ok result says
// whether the channel was closed (v, ok := <-ch; a range over ch).
func commaOk(instr ssa.Instruction) bool {
	recv, ok := instr.(*ssa.UnOp)
	return ok && recv.Op == token.ARROW && recv.CommaOk
}

// selectsOk reports whether a select's received ok is used (case v, ok
// := <-ch).
func selectsOk(sel *ssa.Select) bool {
	for _, r := range *sel.Referrers() {
		if ext, ok := r.(*ssa.Extract); ok && ext.Index == 1 && len(*ext.Referrers()) > 0 {
			return true
		}
	}
	return false
}
