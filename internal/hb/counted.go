package hb

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/spawn"
)

// countedExit reports whether leaving block b by its false branch ends
// a counted receive loop that waits for every instance of s: s is
// started at most once per iteration of a loop counted from 0 to some
// bound, each instance sends on a channel of channels at most once,
// nobody else sends on it, and b tests a later loop over the same bound
// that receives from it at least once per iteration and is left only
// there. When that loop ends it has taken every value sent, so every
// send is done (for _, h := range hosts { go func() { ch <- check(h) }() };
// for range hosts { <-ch }).
func (x *Index) countedExit(s spawn.Spawn, b *ssa.BasicBlock, channels map[string]bool, after []ssa.Instruction) bool {
	if len(b.Parent().Blocks) > maxCountedBlocks {
		return false // the loop checks below walk the function
	}
	if bound, ok := positive(b); ok {
		// "if 0 < n" entering a loop over n tested at the bottom: when
		// that loop is a counted receive loop for s, s was started in a
		// loop over n, so n is positive and the false branch is never
		// taken.
		for _, e := range b.Succs[0].Preds {
			if l, ok := countedLoop(e); ok && e != b && e.Succs[0] == b.Succs[0] && sameBound(bound, l.bound) {
				return x.countedExit(s, e, channels, after)
			}
		}
		return false
	}
	recv, ok := countedLoop(b)
	if !ok || !recv.onlyExit() {
		return false
	}
	key, ok := x.receivesEachIteration(recv, channels)
	if !ok {
		return x.siblingExit(s, recv, b, after)
	}
	if spawnedInLoop(s, recv.bound, b) && x.sendsOnce(s, key) && x.soleSender(s, key) {
		return true
	}
	return x.fewerSends(s, key, recv.bound, b)
}

// spawnedInLoop reports whether s is started at most once per iteration
// of a counted loop over bound, entered once and left before block b.
func spawnedInLoop(s spawn.Spawn, bound ssa.Value, b *ssa.BasicBlock) bool {
	spawnBlock := s.Instr.Block()
	for _, e := range spawnBlock.Parent().Blocks {
		spawns, ok := countedLoop(e)
		if ok && spawns.contains(spawnBlock) && sameBound(bound, spawns.bound) &&
			e.Succs[1].Dominates(b) && onceEach(spawnBlock, e) && spawns.enteredOnce() {
			return true
		}
	}
	return false
}

// onceEach reports whether block b runs at most once per run of loop
// test e: it is the test, or every cycle through it passes the test.
func onceEach(b, e *ssa.BasicBlock) bool {
	return b == e || !reachesAvoiding(b, b, map[*ssa.BasicBlock]bool{e: true})
}

// positive recognises a block ending in "if 0 < n", returning n.
func positive(b *ssa.BasicBlock) (ssa.Value, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.LSS || !isInt(cmp.X, 0) {
		return nil, false
	}
	return cmp.Y, true
}

const maxCountedBlocks = 500

// counted is a loop that runs its body exactly bound times when it is
// left through its test: the test block's true branch goes on, its
// false branch leaves.
type counted struct {
	test  *ssa.BasicBlock
	bound ssa.Value
}

func (l counted) contains(b *ssa.BasicBlock) bool {
	return b == l.test || reaches(l.test, b) && reaches(b, l.test)
}

// onlyExit reports whether the test is the loop's only way out: no
// break or goto leaves its body (a return does not count, it leaves the
// function, nor does a panic: go/ssa's for a blocking select that
// matched no case).
func (l counted) onlyExit() bool {
	for _, b := range l.test.Parent().Blocks {
		if !l.contains(b) {
			continue
		}
		for i, succ := range b.Succs {
			if !l.contains(succ) && !(b == l.test && i == 1) && !panics(succ) {
				return false
			}
		}
	}
	return true
}

// enteredOnce reports whether the loop is entered only from blocks in
// no loop themselves.
func (l counted) enteredOnce() bool {
	for _, b := range l.test.Parent().Blocks {
		if l.contains(b) {
			continue
		}
		for _, succ := range b.Succs {
			if l.contains(succ) && InLoop(b) {
				return false
			}
		}
	}
	return true
}

// countedLoop recognises the test of a loop that counts an index from 0
// by one while it is below a bound: "for i := 0; i < n; i++" (with i
// captured per iteration too), "for range xs" and "for range n".
func countedLoop(e *ssa.BasicBlock) (counted, bool) {
	if len(e.Instrs) == 0 || len(e.Succs) != 2 {
		return counted{}, false
	}
	iff, ok := e.Instrs[len(e.Instrs)-1].(*ssa.If)
	if !ok {
		return counted{}, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.LSS {
		return counted{}, false
	}
	l := counted{test: e, bound: cmp.Y}
	switch v := cmp.X.(type) {
	case *ssa.Phi: // i := 0; i < n; i++
		if v.Block() == e && inductive(v, 0, v) {
			return l, true
		}
	case *ssa.UnOp: // the same, i captured: a new variable each iteration
		if p, ok := v.X.(*ssa.Phi); ok && v.Op == token.MUL && p.Block() == e && inductiveVars(l, p) {
			return l, true
		}
	case *ssa.BinOp:
		p, ok := v.X.(*ssa.Phi)
		if !ok || v.Op != token.ADD || !isInt(v.Y, 1) {
			break
		}
		if p.Block() == e && inductive(p, -1, v) { // range xs: i = phi(-1, i+1); i+1 < len
			return l, true
		}
		// range n, tested at the bottom: entered only when 0 < n, then
		// i = phi(0, i+1) and the test i+1 < n jumps back to the phi.
		if e.Succs[0] == p.Block() && inductive(p, 0, v) && l.guarded(p.Block()) {
			return l, true
		}
	}
	return counted{}, false
}

// guarded reports whether every entry into the loop's head from outside
// is the true branch of "0 < bound".
func (l counted) guarded(head *ssa.BasicBlock) bool {
	for _, pred := range head.Preds {
		if l.contains(pred) {
			continue
		}
		bound, ok := positive(pred)
		if !ok || pred.Succs[0] != head || !sameBound(bound, l.bound) {
			return false
		}
	}
	return true
}

// inductiveVars recognises go/ssa's per-iteration loop variable: phi
// is the variable of each iteration, the first set to 0, each next one
// a copy of the last, then incremented, and the body never assigns it.
func inductiveVars(l counted, phi *ssa.Phi) bool {
	for _, r := range *phi.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == phi {
			return false
		}
	}
	inits := 0
	for i, e := range phi.Edges {
		a, ok := e.(*ssa.Alloc)
		if !ok {
			return false
		}
		var stores []*ssa.Store
		for _, r := range *a.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == a {
				stores = append(stores, st)
			}
		}
		if !l.contains(phi.Block().Preds[i]) {
			if len(stores) != 1 || !isInt(stores[0].Val, 0) {
				return false
			}
			inits++
			continue
		}
		if len(stores) != 2 || !isLoadOf(stores[0].Val, phi) || !Before(stores[0], stores[1]) {
			return false
		}
		add, ok := stores[1].Val.(*ssa.BinOp)
		if !ok || add.Op != token.ADD || !isLoadOf(add.X, a) || !isInt(add.Y, 1) {
			return false
		}
	}
	return inits == 1
}

func isLoadOf(v, addr ssa.Value) bool {
	load, ok := v.(*ssa.UnOp)
	return ok && load.Op == token.MUL && load.X == addr
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
// value, two loads of a variable set once (sameLoad), len of the same
// value, or equal constants.
func sameBound(a, b ssa.Value) bool {
	if a == b || sameLoad(a, b) {
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

// receivesEachIteration returns the channel of channels the loop
// receives from at least once per iteration: every path from the test
// back to it passes a receive (for a loop tested at the bottom, the
// path into it as well, which starts at the same block).
func (x *Index) receivesEachIteration(l counted, channels map[string]bool) (string, bool) {
	byKey := map[string]map[*ssa.BasicBlock]bool{}
	var keys []string
	for _, b := range l.test.Parent().Blocks {
		if !l.contains(b) {
			continue
		}
		for _, j := range x.block(b).joins {
			if j.group || !channels[j.key] {
				continue
			}
			if byKey[j.key] == nil {
				byKey[j.key] = map[*ssa.BasicBlock]bool{}
				keys = append(keys, j.key)
			}
			byKey[j.key][b] = true
		}
	}
	for _, key := range keys {
		if throughAll(l.test.Succs[0], l.test, byKey[key]) {
			return key, true
		}
	}
	return "", false
}

// throughAll reports whether every path from block from to block to
// passes a block of through (from and to included).
func throughAll(from, to *ssa.BasicBlock, through map[*ssa.BasicBlock]bool) bool {
	return through[from] || through[to] || from != to && !reachesAvoiding(from, to, through)
}

// sendsOnce reports whether the body of s sends on the channel key (in
// the spawner's terms) at most once per run, and hands it to nobody.
func (x *Index) sendsOnce(s spawn.Spawn, key string) bool {
	_, ok := x.sendsOnceOn(s, map[string]bool{key: true})
	return ok
}

// sendsOnceOn returns the sends of the body of s on the channels keys,
// when it makes at most one of them per run and hands none of the
// channels to anybody.
func (x *Index) sendsOnceOn(s spawn.Spawn, keys map[string]bool) ([]ssa.Instruction, bool) {
	var sends []ssa.Instruction
	for _, b := range s.Body().Blocks {
		for _, instr := range b.Instrs {
			for key := range keys {
				if x.passes(instr, key, &s) {
					return nil, false
				}
			}
			if send, ok := instr.(*ssa.Send); ok {
				if k, ok := outerKey(x.fset, s, send.Chan); ok && keys[k] {
					if InLoop(b) {
						return nil, false
					}
					sends = append(sends, send)
				}
			}
		}
	}
	for _, a := range sends {
		for _, b := range sends {
			if a != b && Reaches(a, b) {
				return nil, false
			}
		}
	}
	return sends, true
}

// soleSender reports whether, in the spawner, nothing but s sends on
// the channel key or hands it on.
func (x *Index) soleSender(s spawn.Spawn, key string) bool {
	return x.onlySenders(s.Instr.Parent(), key, func(instr ssa.Instruction) bool {
		mc, ok := instr.(*ssa.MakeClosure)
		return instr == s.Instr || ok && ssa.Value(mc) == s.Fn
	})
}

// onlySenders reports whether, in fn, nothing but the instructions
// senders accepts (spawns and the closures they run) sends on the
// channel key or hands it on.
func (x *Index) onlySenders(fn *ssa.Function, key string, senders func(ssa.Instruction) bool) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if senders(instr) {
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
	named := func(r access.Ref, ok bool) bool {
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
			if named(access.RefOf(x.fset, v)) {
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
