package effects

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
)

// scope is what summary asks of one function at each of its operations
// and calls, answered per block rather than per instruction: the
// function's instructions are visited in order, and a question about
// an instruction (which locks are held, has the function waited, does
// it run on every path) is one about its block and its place in it.
// The exported Always and WaitedBefore answer the same for one
// instruction.
type scope struct {
	fset *token.FileSet
	fn   *ssa.Function
	// held and loads replay the lock model's blocks: held for the
	// instructions visited, loads for the loads of operands (m := s.m
	// under the lock).
	held, loads *locks.Cursor
	paths       []Lock // pathLocks(fn)
	returns     []*ssa.BasicBlock
	always      []int8 // per block: 0 unknown, 1 dominates every return, -1 not
	guarded     []int8 // per block: locks.BranchGuarded, as always
	firstWait   []int  // per block: the index of its first wait, -1 none, -2 unknown
	waitedIn    []int8 // per block: a strict dominator waits, as always
	// lockLists remembers locksOf's answers: a callee's effects share
	// their lists of held locks (Result.interned, eachOp).
	lockLists map[heldList][]Lock
	scratch   []Lock // lift's
}

// heldList identifies a list of held locks that is never changed.
type heldList struct {
	first *locks.Held
	n     int
}

// locksOf restates held locks as effects' locks (lockOf), once per
// list.
func (sc *scope) locksOf(held []locks.Held) []Lock {
	if len(held) == 0 {
		return nil
	}
	k := heldList{&held[0], len(held)}
	if out, ok := sc.lockLists[k]; ok {
		return out
	}
	out := make([]Lock, len(held))
	for i, h := range held {
		out[i] = lockOf(h)
	}
	if sc.lockLists == nil {
		sc.lockLists = map[heldList][]Lock{}
	}
	sc.lockLists[k] = out
	return out
}

func (r *Result) scope(fn *ssa.Function) *scope {
	sc := &scope{fset: r.pass.Fset, fn: fn, paths: r.pathLocks(fn)}
	if r.model != nil && r.model.ByFunc != nil {
		if fl := r.model.ByFunc[fn]; fl != nil {
			sc.held, sc.loads = fl.Cursor(), fl.Cursor()
		}
	}
	for _, b := range fn.Blocks {
		if b == fn.Recover || len(b.Instrs) == 0 {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			sc.returns = append(sc.returns, b)
		}
	}
	n := len(fn.Blocks)
	sc.always, sc.guarded, sc.waitedIn = make([]int8, n), make([]int8, n), make([]int8, n)
	sc.firstWait = make([]int, n)
	for i := range sc.firstWait {
		sc.firstWait[i] = -2
	}
	return sc
}

// point is what holds at one instruction, for every effect made there.
type point struct {
	may    bool // not on every path, and under a branch (Always, BranchGuarded)
	waited bool // WaitedBefore
	held   []locks.Held
	locks  []Lock // held, as effects' locks
}

// at describes the instruction at index i of its block.
func (sc *scope) at(instr ssa.Instruction, i int) point {
	b := instr.Block()
	p := point{may: !sc.alwaysIn(b) && sc.branchGuarded(b), waited: sc.waited(b, i)}
	if sc.held != nil {
		p.held = sc.held.HeldBefore(instr)
		p.locks = sc.locksOf(p.held)
	}
	return p
}

// heldAtLoad returns the locks held at a load an operation's operand
// comes from.
func (sc *scope) heldAtLoad(load ssa.Instruction) []locks.Held {
	if sc.loads == nil {
		return nil
	}
	return sc.loads.HeldBefore(load)
}

// alwaysIn is Always for the instructions of b.
func (sc *scope) alwaysIn(b *ssa.BasicBlock) bool {
	if sc.always[b.Index] == 0 {
		sc.always[b.Index] = -1
		if len(sc.returns) > 0 {
			sc.always[b.Index] = 1
		}
		for _, ret := range sc.returns {
			if !b.Dominates(ret) {
				sc.always[b.Index] = -1
				break
			}
		}
	}
	return sc.always[b.Index] > 0
}

func (sc *scope) branchGuarded(b *ssa.BasicBlock) bool {
	if sc.guarded[b.Index] == 0 {
		sc.guarded[b.Index] = -1
		if locks.BranchGuarded(b) {
			sc.guarded[b.Index] = 1
		}
	}
	return sc.guarded[b.Index] > 0
}

// waited is WaitedBefore for the instruction at index i of b: a wait
// earlier in b, or anywhere in a block that dominates b.
func (sc *scope) waited(b *ssa.BasicBlock, i int) bool {
	if w := sc.waitIndex(b); w >= 0 && w < i {
		return true
	}
	return sc.waitedAbove(b)
}

// waitedAbove reports whether a strict dominator of b waits.
func (sc *scope) waitedAbove(b *ssa.BasicBlock) bool {
	// The dominators whose answer is not known yet, nearest first.
	var chain []*ssa.BasicBlock
	d := b
	for ; d != nil && sc.waitedIn[d.Index] == 0; d = d.Idom() {
		chain = append(chain, d)
	}
	above := d != nil && sc.waitedIn[d.Index] > 0
	for i := len(chain) - 1; i >= 0; i-- {
		c := chain[i]
		if idom := c.Idom(); idom != nil && sc.waitIndex(idom) >= 0 {
			above = true
		}
		sc.waitedIn[c.Index] = -1
		if above {
			sc.waitedIn[c.Index] = 1
		}
	}
	return sc.waitedIn[b.Index] > 0
}

// waitIndex returns the index of b's first wait, or -1.
func (sc *scope) waitIndex(b *ssa.BasicBlock) int {
	if sc.firstWait[b.Index] == -2 {
		sc.firstWait[b.Index] = -1
		for i, x := range b.Instrs {
			if _, _, ok := hb.JoinKey(sc.fset, x); ok {
				sc.firstWait[b.Index] = i
				break
			}
		}
	}
	return sc.firstWait[b.Index]
}
