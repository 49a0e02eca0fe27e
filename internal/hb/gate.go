package hb

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// AfterGate reports whether at, an instruction of the spawner of s,
// runs only after the body of s made one of ops (its instructions):
// every path from the spawner's entry to at receives from a gate
// channel first, and the body signals that gate only after one of ops.
//
//	go func() { ...; close(acks); done <- struct{}{} }()
//	select {
//	case <-done:
//	case err := <-errs:
//		t.Fatal(err)
//	}
//	for a := range acks { ... } // acks is closed by now
//
// A select waiting for the gate must also be released when the body
// returns without any of ops: it has a default, or a case on a channel
// the spawner does not make (a timer, a context), or the body signals
// one of its other cases on each such path. Else the spawner blocks
// there, and the report at is where that bug is still seen. (A plain
// receive of the gate is reported by itself.)
//
// A gate is a channel the spawner makes and that nothing but the body
// sends on or closes: the spawner does neither and hands it to no other
// code, the body hands it on to nobody, and each of the body's sends
// and closes (none deferred) comes after one of ops on every path
// through the body. A receive from it is a plain receive or the case
// of a select; a path that ends in a call that never returns (t.Fatal,
// os.Exit) or a panic does not reach at. A body started in a loop
// gates nothing: another run's signal may come first.
func (x *Index) AfterGate(s spawn.Spawn, ops []ssa.Instruction, at ssa.Instruction) bool {
	fn := at.Parent()
	if fn == nil || fn != s.Instr.Parent() || len(ops) == 0 || InLoop(s.Instr.Block()) {
		return false
	}
	gates := map[string]bool{}
	isGate := func(v ssa.Value) bool {
		v = ssautil.ChanValue(v)
		r, ok := Storage(x.fset, v)
		if !ok {
			return false
		}
		g, seen := gates[r.Key]
		if !seen {
			g = madeIn(fn, v) && x.signalsOnly(s, r.Key) && x.signalsAfter(s, r.Key, ops)
			gates[r.Key] = g
		}
		return g
	}
	through := map[*ssa.BasicBlock]int{}
	cut := map[edge]bool{}
	for _, b := range fn.Blocks {
		if sel, i, ok := SelectCase(b); ok && sel.States[i].Dir == types.RecvOnly && isGate(sel.States[i].Chan) && x.released(s, ops, sel) {
			cut[edge{b, b.Succs[0]}] = true // the case's branch, empty or not
		}
		for i, instr := range b.Instrs {
			if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW && isGate(recv.X) {
				through[b] = i
				break
			}
		}
	}
	return onlyThrough(at, through, cut)
}

// edge is a control-flow edge between two blocks.
type edge struct{ from, to *ssa.BasicBlock }

// onlyThrough reports whether every path from the entry of at's
// function to at passes one of the points through holds (a block and
// the index of its instruction after which the path has passed) or one
// of the edges cut holds. A block that calls a function that never
// returns ends its paths.
func onlyThrough(at ssa.Instruction, through map[*ssa.BasicBlock]int, cut map[edge]bool) bool {
	b := at.Block()
	if i, ok := through[b]; ok && i < ssautil.Index(at) {
		return true
	}
	entry := b.Parent().Blocks[0]
	if entry == b {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{entry: true}
	work := []*ssa.BasicBlock{entry}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if _, passed := through[x]; passed || ends(x) {
			continue
		}
		for _, next := range x.Succs {
			switch {
			case cut[edge{x, next}]:
			case next == b:
				return false
			case !seen[next]:
				seen[next] = true
				work = append(work, next)
			}
		}
	}
	return true
}

// ends reports whether block b calls a function that never returns.
func ends(b *ssa.BasicBlock) bool {
	return slices.ContainsFunc(b.Instrs, ssautil.NeverReturns)
}

// madeIn reports whether channel v is one fn makes, once: the make
// itself or a load of the variable its only store sets.
func madeIn(fn *ssa.Function, v ssa.Value) bool {
	if m, ok := v.(*ssa.MakeChan); ok {
		return m.Parent() == fn
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok || cell.Parent() != fn {
		return false
	}
	stores := 0
	for _, ref := range *cell.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == cell {
			m, made := st.Val.(*ssa.MakeChan)
			if !made || InLoop(st.Block()) || m.Parent() != fn {
				return false
			}
			stores++
		}
	}
	return stores == 1
}

// signalsOnly reports whether, in the spawner of s, nothing but s
// sends on the channel key, closes it or hands it on.
func (x *Index) signalsOnly(s spawn.Spawn, key string) bool {
	if !x.soleSender(s, key) {
		return false
	}
	for _, b := range s.Instr.Parent().Blocks {
		for _, instr := range b.Instrs {
			if ch, ok := signalChannel(instr); ok {
				if r, ok := Storage(x.fset, ssautil.ChanValue(ch)); ok && r.Key == key {
					return false
				}
			}
		}
	}
	return true
}

// signalsAfter reports whether the body of s sends on or closes the
// channel key (in the spawner's terms) only after one of ops on every
// path, never in a deferred call, and hands it to no other code.
func (x *Index) signalsAfter(s spawn.Spawn, key string, ops []ssa.Instruction) bool {
	body := s.Body()
	if body == nil || len(body.Blocks) == 0 {
		return false
	}
	for _, op := range ops {
		if op.Parent() != body {
			return false
		}
	}
	through := throughAny(ops)
	signalled := false
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			if x.passes(instr, key, &s) {
				return false
			}
			if !x.signalsKey(s, instr, key) {
				continue
			}
			if _, deferred := instr.(*ssa.Defer); deferred || !onlyThrough(instr, through, nil) {
				return false
			}
			signalled = true
		}
	}
	return signalled
}

// signalsKey reports whether instr, in the body of s, sends on or
// closes the channel key (in the spawner's terms). A select that may
// send on it hands it on (passes).
func (x *Index) signalsKey(s spawn.Spawn, instr ssa.Instruction, key string) bool {
	ch, ok := signalChannel(instr)
	if !ok {
		return false
	}
	k, ok := outerKey(x.fset, s, ssautil.ChanValue(ch))
	return ok && k == key
}

// released reports whether sel, a select of the spawner of s on a gate,
// can go on when the body of s returns without any of ops (see
// AfterGate).
func (x *Index) released(s spawn.Spawn, ops []ssa.Instruction, sel *ssa.Select) bool {
	if !sel.Blocking {
		return true
	}
	keys := map[string]bool{}
	for _, st := range sel.States {
		if st.Dir != types.RecvOnly {
			continue
		}
		v := ssautil.ChanValue(st.Chan)
		if !madeIn(sel.Parent(), v) {
			return true
		}
		if r, ok := Storage(x.fset, v); ok {
			keys[r.Key] = true
		}
	}
	body := s.Body()
	done := throughAny(ops)
	signals := map[*ssa.BasicBlock]int{}
	for _, b := range body.Blocks {
		for i, instr := range b.Instrs {
			if _, deferred := instr.(*ssa.Defer); deferred {
				continue
			}
			for k := range keys {
				if _, seen := signals[b]; !seen && x.signalsKey(s, instr, k) {
					signals[b] = i
				}
			}
		}
	}
	for _, b := range ssautil.Returns(body) {
		ret := b.Instrs[len(b.Instrs)-1]
		if !onlyThrough(ret, done, nil) && !onlyThrough(ret, signals, nil) {
			return false
		}
	}
	return true
}

// throughAny is the points of onlyThrough for passing one of instrs.
func throughAny(instrs []ssa.Instruction) map[*ssa.BasicBlock]int {
	through := map[*ssa.BasicBlock]int{}
	for _, op := range instrs {
		if i, seen := through[op.Block()]; !seen || ssautil.Index(op) < i {
			through[op.Block()] = ssautil.Index(op)
		}
	}
	return through
}
