package hb

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/spawn"
)

// countedExit reports whether leaving block b by its false branch ends
// a counted receive loop that waits for every instance of s: s is
// started once per iteration of a loop counted from 0 to some bound,
// each instance sends on a channel of channels at most once, nobody
// else sends on it, and b heads a later loop over the same bound that
// receives from it at least once per iteration. When that loop runs to
// its end it has taken every value sent, so every send is done
// (for _, h := range hosts { go func() { ch <- check(h) }() };
// for range hosts { <-ch }).
func (x *Index) countedExit(s spawn.Spawn, b *ssa.BasicBlock, channels map[string]bool) bool {
	bound, ok := countedLoop(b)
	if !ok {
		return false
	}
	key, ok := x.receivesEachIteration(b, channels)
	if !ok || !onlyExit(b) {
		return false
	}
	hs := countedHeaderOf(s.Instr.Block())
	if hs == nil || !sameBound(bound, hs.bound) || !hs.b.Succs[1].Dominates(b) {
		return false
	}
	spawnBlock := s.Instr.Block()
	if reachesAvoiding(spawnBlock, spawnBlock, hs.b) || !enteredOnce(hs.b) {
		return false
	}
	return x.sendsOnce(s, key) && x.soleSender(s, key)
}

// countedLoop recognises a loop header that counts an index from 0 by
// one while it is below a bound ("for i := 0; i < n; i++", "for range
// xs", "for range n"), returning the bound. Its true branch is the body.
func countedLoop(b *ssa.BasicBlock) (ssa.Value, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.LSS {
		return nil, false
	}
	switch v := cmp.X.(type) {
	case *ssa.Phi: // i := 0; i < n; i++
		if v.Block() == b && inductive(v, 0, v) {
			return cmp.Y, true
		}
	case *ssa.BinOp: // range: i = phi(-1, i+1); i+1 < n
		if p, ok := v.X.(*ssa.Phi); ok && v.Op == token.ADD && isInt(v.Y, 1) && p.Block() == b && inductive(p, -1, v) {
			return cmp.Y, true
		}
	}
	return nil, false
}

// inductive reports whether phi starts at init and is otherwise next
// (or phi+1, when next is phi itself).
func inductive(phi *ssa.Phi, init int64, next ssa.Value) bool {
	inits := 0
	for _, e := range phi.Edges {
		switch {
		case isInt(e, init):
			inits++
		case e == next && next != phi:
		case isIncrement(e, phi):
		default:
			return false
		}
	}
	return inits == 1
}

func isIncrement(v ssa.Value, of ssa.Value) bool {
	add, ok := v.(*ssa.BinOp)
	return ok && add.Op == token.ADD && add.X == of && isInt(add.Y, 1)
}

func isInt(v ssa.Value, n int64) bool {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	i, exact := constant.Int64Val(c.Value)
	return exact && i == n
}

// sameBound reports whether two loop bounds are one number: the same
// value, len of the same value, or equal constants.
func sameBound(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	if ca, ok := a.(*ssa.Const); ok {
		cb, ok := b.(*ssa.Const)
		return ok && ca.Value != nil && cb.Value != nil && constant.Compare(ca.Value, token.EQL, cb.Value)
	}
	la, ok := lenOf(a)
	if !ok {
		return false
	}
	lb, ok := lenOf(b)
	return ok && la == lb
}

func lenOf(v ssa.Value) (ssa.Value, bool) {
	call, ok := v.(*ssa.Call)
	if !ok || len(call.Call.Args) != 1 {
		return nil, false
	}
	if bi, ok := call.Call.Value.(*ssa.Builtin); ok && bi.Name() == "len" {
		return call.Call.Args[0], true
	}
	return nil, false
}

type countedHeader struct {
	b     *ssa.BasicBlock
	bound ssa.Value
}

// countedHeaderOf returns the innermost counted loop whose body holds
// block b, or nil.
func countedHeaderOf(b *ssa.BasicBlock) *countedHeader {
	for d := b.Idom(); d != nil; d = d.Idom() {
		if bound, ok := countedLoop(d); ok && d.Succs[0].Dominates(b) && reaches(b, d) {
			return &countedHeader{d, bound}
		}
	}
	return nil
}

// receivesEachIteration returns the channel of channels that loop
// header h's body receives from at least once on every iteration: the
// receive's block dominates every block that jumps back to h.
func (x *Index) receivesEachIteration(h *ssa.BasicBlock, channels map[string]bool) (string, bool) {
	for _, blk := range h.Parent().Blocks {
		if blk == h || !h.Succs[0].Dominates(blk) {
			continue
		}
		for _, j := range x.block(blk).joins {
			if j.group || !channels[j.key] {
				continue
			}
			every := true
			for _, p := range h.Preds {
				if reaches(h, p) && !blk.Dominates(p) {
					every = false
				}
			}
			if every {
				return j.key, true
			}
		}
	}
	return "", false
}

// onlyExit reports whether loop header h is the loop's only way out:
// no break or goto leaves its body (a return does not count, it leaves
// the function).
func onlyExit(h *ssa.BasicBlock) bool {
	for _, b := range h.Parent().Blocks {
		if b == h || !h.Succs[0].Dominates(b) || !reaches(b, h) {
			continue
		}
		for _, succ := range b.Succs {
			if succ != h && !reaches(succ, h) {
				return false
			}
		}
	}
	return true
}

// reachesAvoiding reports whether block to is reachable from block
// from by a path of at least one edge that does not enter avoid.
func reachesAvoiding(from, to, avoid *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := []*ssa.BasicBlock{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, succ := range b.Succs {
			if succ == avoid {
				continue
			}
			if succ == to {
				return true
			}
			if !seen[succ] {
				seen[succ] = true
				work = append(work, succ)
			}
		}
	}
	return false
}

// enteredOnce reports whether loop header h is entered from outside
// the loop only by blocks that are in no loop themselves.
func enteredOnce(h *ssa.BasicBlock) bool {
	for _, p := range h.Preds {
		if !reaches(h, p) && InLoop(p) {
			return false
		}
	}
	return true
}

// sendsOnce reports whether the body of s sends on the channel key (in
// the spawner's terms) at most once per run, and hands it to nobody.
func (x *Index) sendsOnce(s spawn.Spawn, key string) bool {
	var sends []ssa.Instruction
	for _, b := range s.Body().Blocks {
		for _, instr := range b.Instrs {
			if x.passes(instr, key, &s) {
				return false
			}
			if send, ok := instr.(*ssa.Send); ok {
				if k, ok := outerKey(x.fset, s, send.Chan); ok && k == key {
					if InLoop(b) {
						return false
					}
					sends = append(sends, send)
				}
			}
		}
	}
	for _, a := range sends {
		for _, b := range sends {
			if a != b && Reaches(a, b) {
				return false
			}
		}
	}
	return true
}

// soleSender reports whether, in the spawner, nothing but s sends on
// the channel key or hands it on.
func (x *Index) soleSender(s spawn.Spawn, key string) bool {
	for _, b := range s.Instr.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); instr == s.Instr || ok && ssa.Value(mc) == s.Fn {
				continue
			}
			if send, ok := instr.(*ssa.Send); ok {
				if r, ok := Storage(x.fset, send.Chan); ok && r.Key == key {
					return false
				}
			}
			if x.passes(instr, key, nil) {
				return false
			}
		}
	}
	return true
}

// passes reports whether instr hands the channel key to other code: a
// call argument or a closure's captured variable (a select is a send
// site too). With s set, instr is in s's body and key in its spawner's
// terms.
func (x *Index) passes(instr ssa.Instruction, key string, s *spawn.Spawn) bool {
	named := func(r locks.Ref, ok bool) bool {
		if !ok {
			return false
		}
		if s == nil {
			return r.Key == key
		}
		k, ok := Outer(x.fset, *s, r)
		return ok && k == key
	}
	switch instr := instr.(type) {
	case ssa.CallInstruction:
		if b, ok := instr.Common().Value.(*ssa.Builtin); ok {
			switch b.Name() {
			case "len", "cap", "close":
				return false
			}
		}
		for _, a := range instr.Common().Args {
			if named(Storage(x.fset, a)) {
				return true
			}
		}
	case *ssa.MakeClosure:
		for _, v := range instr.Bindings {
			if named(locks.RefOf(x.fset, v)) {
				return true
			}
		}
	case *ssa.Select:
		for _, st := range instr.States {
			if st.Dir == types.SendOnly && named(Storage(x.fset, st.Chan)) {
				return true
			}
		}
	}
	return false
}
