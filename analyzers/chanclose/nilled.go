package chanclose

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
)

// nilledUnder returns the locks a close is made under when, before
// releasing them, the closer sets the channel's storage to nil
// (mu.Lock(); close(c.ch); c.ch = nil; mu.Unlock()): a sender that finds
// the storage non-nil under one of those locks sends before the close.
func (c *checker) nilledUnder(x keyedOp) []locks.Held {
	if x.viaCall || x.deferred {
		return nil
	}
	held := c.heldAt(x.instr)
	if len(held) == 0 {
		return nil
	}
	var out []locks.Held
	for _, b := range x.instr.Parent().Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok || !isNil(st.Val) || !hb.Before(x.instr, st) {
				continue
			}
			if r, ok := locks.RefOf(c.pass.Fset, st.Addr); !ok || r.Key != x.ch.Key {
				continue
			}
			out = append(out, sameAcquisition(held, c.heldAt(st))...)
		}
	}
	return out
}

// checkedUnder returns the locks under which a send is made only after
// finding its channel's storage non-nil, held from that check through
// the send.
func (c *checker) checkedUnder(y keyedOp) []locks.Held {
	if y.viaCall {
		return nil
	}
	held := c.heldAt(y.instr)
	if len(held) == 0 {
		return nil
	}
	for d := y.instr.Block().Idom(); d != nil; d = d.Idom() {
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		load, nonNil, ok := nilTest(iff)
		if !ok || !d.Succs[nonNil].Dominates(y.instr.Block()) || d.Succs[0] == d.Succs[1] {
			continue
		}
		if r, ok := hb.Storage(c.pass.Fset, load); ok && r.Key == y.ch.Key {
			if both := sameAcquisition(held, c.heldAt(load)); len(both) > 0 {
				return both
			}
		}
	}
	return nil
}

// nilTest recognises "if v != nil" or "if v == nil" on a loaded value,
// returning the load and the index of the successor taken when v is
// not nil.
func nilTest(iff *ssa.If) (*ssa.UnOp, int, bool) {
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.NEQ && cmp.Op != token.EQL) {
		return nil, 0, false
	}
	v := cmp.X
	if !isNil(cmp.Y) {
		if !isNil(cmp.X) {
			return nil, 0, false
		}
		v = cmp.Y
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, 0, false
	}
	if cmp.Op == token.NEQ {
		return load, 0, true
	}
	return load, 1, true
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// sameAcquisition returns the locks of a held at b by the same Lock
// call: not released and taken again in between.
func sameAcquisition(a, b []locks.Held) []locks.Held {
	var out []locks.Held
	for _, x := range a {
		for _, y := range b {
			if x.Ref.Key == y.Ref.Key && x.Pos == y.Pos {
				out = append(out, x)
			}
		}
	}
	return out
}

func (c *checker) heldAt(instr ssa.Instruction) []locks.Held {
	if fl := c.model.ByFunc[instr.Parent()]; fl != nil {
		return fl.HeldBefore(instr)
	}
	return nil
}

// sendsAfterNil reports whether every send of u on the closed channel
// is checked for nil under a lock the closer holds while it closes and
// nils the channel: no such send can follow the close.
func (c *checker) sendsAfterNil(b *body, x keyedOp, u *body) bool {
	closer := c.nilledUnder(x)
	if len(closer) == 0 {
		return false
	}
	found := false
	for _, y := range u.Ops {
		if y.key != x.key || y.kind != send {
			continue
		}
		if !c.commonLock(b, closer, u, c.checkedUnder(y)) {
			return false
		}
		found = true
	}
	return found
}

// commonLock reports whether locks held in bodies b and u are one
// mutex: the same instance in the spawner's terms (the same declaration
// is not enough: another value's mutex does not exclude this one).
func (c *checker) commonLock(b *body, bl []locks.Held, u *body, ul []locks.Held) bool {
	for _, x := range bl {
		for _, y := range ul {
			if kx, ok := hb.OuterLock(c.pass.Fset, b.Spawn, x.Ref); ok {
				if ky, ok := hb.OuterLock(c.pass.Fset, u.Spawn, y.Ref); ok && kx == ky {
					return true
				}
			}
		}
	}
	return false
}
