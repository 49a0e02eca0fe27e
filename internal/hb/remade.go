package hb

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// MadeBeforeStart reports whether the channel a body of s reaches
// through ref, a variable it captures (done in close(done)), is for
// each start the channel the spawner made just before it: the
// spawner stores a new channel in the variable right before the
// spawn, only reads of it are captured, and after the spawn the
// spawner stores into it again only once it has received from it
// (which a close by the body ends) or on a branch that finds it nil,
// which it is not until then:
//
//	done = make(chan struct{}); go func() { ...; close(done) }()
//	... case <-done: done = nil ... if done == nil { done = make(...) }
//
// Each instance then closes its own channel, whatever the loop around
// it. It says nothing about who else sends on or closes the channel.
//
// receives, if not nil, says whether a call that passes the channel
// (the value v) receives from it before it returns (a wait helper):
// such a call counts as the spawner's receive.
func MadeBeforeStart(s spawn.Spawn, ref access.Ref, receives func(call ssa.CallInstruction, v ssa.Value) bool) bool {
	root := ref.Path.Root
	if root.Kind != access.Free || len(ref.Path.Steps) != 0 {
		return false
	}
	mc, ok := s.Fn.(*ssa.MakeClosure)
	if !ok || root.Index < 0 || root.Index >= len(mc.Bindings) {
		return false
	}
	cell, ok := mc.Bindings[root.Index].(*ssa.Alloc)
	if !ok || !onlyReadByClosures(cell) || !madeJustBefore(s.Instr, cell) {
		return false
	}
	return !storedBeforeReceive(s.Instr, cell, receives)
}

// onlyReadByClosures reports whether cell is only stored into and
// loaded by its function, and only loaded by the closures capturing it.
func onlyReadByClosures(cell *ssa.Alloc) bool {
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != cell {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == ssa.Value(cell) && (i >= len(fn.FreeVars) || !onlyLoaded(fn.FreeVars[i])) {
					return false
				}
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

func onlyLoaded(fv *ssa.FreeVar) bool {
	for _, r := range *fv.Referrers() {
		if load, ok := r.(*ssa.UnOp); !ok || load.Op != token.MUL {
			if _, ok := r.(*ssa.DebugRef); !ok {
				return false
			}
		}
	}
	return true
}

// madeJustBefore reports whether the last store into cell before the
// spawn, in the spawn's block, stores a new channel.
func madeJustBefore(spawnAt ssa.Instruction, cell *ssa.Alloc) bool {
	made := false
	for _, instr := range spawnAt.Block().Instrs {
		if instr == spawnAt {
			return made
		}
		if st, ok := instr.(*ssa.Store); ok && st.Addr == cell {
			_, made = st.Val.(*ssa.MakeChan)
		}
	}
	return false
}

// storedBeforeReceive reports whether some path from the spawn reaches
// a store into cell without first receiving from the channel it holds.
// A branch on "cell == nil" cannot take its nil arm on such a path: the
// cell still holds the channel made before the spawn.
func storedBeforeReceive(spawnAt ssa.Instruction, cell *ssa.Alloc, receives func(ssa.CallInstruction, ssa.Value) bool) bool {
	type item struct {
		b    *ssa.BasicBlock
		from int
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := []item{{spawnAt.Block(), ssautil.Index(spawnAt) + 1}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		received := false
		for _, instr := range it.b.Instrs[it.from:] {
			if st, ok := instr.(*ssa.Store); ok && st.Addr == cell {
				return true
			}
			if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW && loads(recv.X, cell) {
				received = true
				break
			}
			if call, ok := instr.(ssa.CallInstruction); ok && receives != nil && passesReceived(call, cell, receives) {
				received = true
				break
			}
		}
		if received {
			continue
		}
		for i, succ := range it.b.Succs {
			if !seen[succ] && !ruledOut(it.b, i, cell) {
				seen[succ] = true
				work = append(work, item{succ, 0})
			}
		}
	}
	return false
}

// ruledOut reports whether the i-th successor of b is not taken before
// the spawner receives from cell's channel: the case of a select that
// receives from it, or the arm of a comparison that finds it nil.
func ruledOut(b *ssa.BasicBlock, i int, cell *ssa.Alloc) bool {
	if sel, c, ok := SelectCase(b); ok {
		st := sel.States[c]
		return i == 0 && st.Dir == types.RecvOnly && loads(st.Chan, cell)
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
		return false
	}
	if !(loads(cmp.X, cell) && isNil(cmp.Y)) && !(loads(cmp.Y, cell) && isNil(cmp.X)) {
		return false
	}
	nilArm := 0
	if cmp.Op == token.NEQ {
		nilArm = 1
	}
	return i == nilArm
}

// passesReceived reports whether call passes cell's channel to a
// callee that receives from it before returning.
func passesReceived(call ssa.CallInstruction, cell *ssa.Alloc, receives func(ssa.CallInstruction, ssa.Value) bool) bool {
	if _, isGo := call.(*ssa.Go); isGo {
		return false
	}
	for _, a := range call.Common().Args {
		if loads(a, cell) && receives(call, a) {
			return true
		}
	}
	return false
}

func loads(v ssa.Value, cell *ssa.Alloc) bool {
	load, ok := v.(*ssa.UnOp)
	return ok && load.Op == token.MUL && load.X == ssa.Value(cell)
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}
