package hb

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Abandon is a way a spawner leaves while a body it spawned may still
// be blocked sending to it: it waited on another signal (ctx.Done(), a
// stop channel, a timer) and then returned without receiving again.
type Abandon struct {
	Signal ssa.Instruction // the receive or select the spawner left on
	Return *ssa.Return
}

// Abandons looks in s's spawner for a path that returns after waiting
// on a signal other than the channel key, without receiving from key on
// the way: from the spawn itself, and, when the body sends repeatedly,
// also from each receive (but not along the branch where a comma-ok
// receive or a range saw the channel closed: the body is done then).
// receives are the spawner's instructions that receive from key: plain
// receives, selects with a case on it, calls whose callees receive.
//
// A path that returns without waiting on anything else is not counted:
// a counted drain (for range xs { <-ch }) exits without a receive when
// xs is empty, and it is the sender's count that makes it right.
func (x *Index) Abandons(s spawn.Spawn, key string, receives []ssa.Instruction, repeated bool) (Abandon, bool) {
	return x.AbandonsAny(s, []string{key}, receives, repeated)
}

// AbandonsAny is Abandons for a body that sends on exactly one of
// several channels per run (an error channel or a result channel): a
// receive from any of keys takes what it sent, and receives lists the
// spawner's receives from each of them.
func (x *Index) AbandonsAny(s spawn.Spawn, keys []string, receives []ssa.Instruction, repeated bool) (Abandon, bool) {
	key := chanSet{}
	for _, k := range keys {
		key[k] = true
	}
	fn := s.Instr.Parent()
	if fn == nil {
		return Abandon{}, false
	}
	stops := x.receiveBlocks(fn, key, receives)
	if a, ok := x.abandonAfterSpawn(s, key, stops, receives); ok {
		return a, true
	}
	if !repeated {
		return Abandon{}, false
	}
	for b := range stops {
		closed := -1
		if k, c, ok := closedBranch(x.fset, b); ok && key[k] {
			closed = c
		}
		if a, ok := x.abandonFrom(b, key, stops, closed, nil); ok {
			return a, true
		}
	}
	return Abandon{}, false
}

// abandonAfterSpawn searches from the spawn itself.
func (x *Index) abandonAfterSpawn(s spawn.Spawn, key chanSet, stops map[*ssa.BasicBlock]bool, receives []ssa.Instruction) (Abandon, bool) {
	start := s.Instr.Block()
	if stops[start] && !receivesBefore(start, s.Instr, receives) {
		return Abandon{}, false
	}
	var signal ssa.Instruction
	for _, instr := range start.Instrs {
		if signal == nil && instr != s.Instr && Before(s.Instr, instr) {
			signal = x.otherReceive(instr, key)
		}
	}
	if ret, ok := ssautil.ReturnOf(start); ok && signal != nil {
		return Abandon{Signal: signal, Return: ret}, true
	}
	return x.abandonFrom(start, key, stops, -1, signal)
}

// receivesBefore reports whether every receive in b comes before at,
// so that the block does not stop a path starting at at.
func receivesBefore(b *ssa.BasicBlock, at ssa.Instruction, receives []ssa.Instruction) bool {
	for _, r := range receives {
		if r.Block() == b && !Before(r, at) {
			return false
		}
	}
	return true
}

// receiveBlocks lists the blocks that receive from key: those of plain
// receives and calls, and the first block of each select case on key.
func (x *Index) receiveBlocks(fn *ssa.Function, key chanSet, receives []ssa.Instruction) map[*ssa.BasicBlock]bool {
	stops := map[*ssa.BasicBlock]bool{}
	selects := map[*ssa.Select]bool{}
	for _, r := range receives {
		if sel, ok := r.(*ssa.Select); ok {
			selects[sel] = true
			continue
		}
		stops[r.Block()] = true
	}
	for _, b := range fn.Blocks {
		if sel, i, ok := SelectCase(b); ok && selects[sel] && x.receivesOn(sel.States[i], key) {
			stops[b.Succs[0]] = true
		}
	}
	return stops
}

func (x *Index) receivesOn(st *ssa.SelectState, key chanSet) bool {
	if st.Dir != types.RecvOnly {
		return false
	}
	r, ok := Storage(x.fset, st.Chan)
	return ok && key[r.Key]
}

// chanSet is the channels a search treats as one: receiving from any
// of them is receiving what the body sent.
type chanSet map[string]bool

// abandonFrom searches forward from the end of block from (skipping
// its successor skip) for a return reached after a signal other than
// key, through blocks that do not receive from key.
func (x *Index) abandonFrom(from *ssa.BasicBlock, key chanSet, stops map[*ssa.BasicBlock]bool, skip int, signal ssa.Instruction) (Abandon, bool) {
	if ssautil.IsMainMain(from.Parent()) {
		return Abandon{}, false // its return ends the process: nothing waits forever
	}
	type state struct {
		b      *ssa.BasicBlock
		signal ssa.Instruction
	}
	seen := map[*ssa.BasicBlock][2]bool{}
	var work []state
	push := func(pred, b *ssa.BasicBlock, signal ssa.Instruction) {
		if stops[b] || ssautil.EndsOrFails(b) {
			return // receives, or ends the goroutine or fails the test
		}
		if signal == nil {
			if sel, i, ok := SelectCase(pred); ok && b == pred.Succs[0] && sel.States[i].Dir == types.RecvOnly && !x.receivesOn(sel.States[i], key) {
				signal = sel
			}
		}
		for _, instr := range b.Instrs {
			if signal == nil {
				signal = x.otherReceive(instr, key)
			}
		}
		i := 0
		if signal != nil {
			i = 1
		}
		m := seen[b]
		if m[i] {
			return
		}
		m[i] = true
		seen[b] = m
		work = append(work, state{b, signal})
	}
	for i, succ := range from.Succs {
		if i != skip {
			push(from, succ, signal)
		}
	}
	for len(work) > 0 {
		st := work[len(work)-1]
		work = work[:len(work)-1]
		if ret, ok := ssautil.ReturnOf(st.b); ok && st.signal != nil {
			return Abandon{Signal: st.signal, Return: ret}, true
		}
		for _, succ := range st.b.Succs {
			push(st.b, succ, st.signal)
		}
	}
	return Abandon{}, false
}

// otherReceive returns instr if it is a plain receive from a channel
// other than key (go/ssa lowers a select of one case to one).
func (x *Index) otherReceive(instr ssa.Instruction, key chanSet) ssa.Instruction {
	if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW {
		if r, ok := Storage(x.fset, recv.X); !ok || !key[r.Key] {
			return recv
		}
	}
	return nil
}
