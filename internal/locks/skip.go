package locks

import (
	"go/constant"
	"go/token"
	"maps"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// Skip is a path that carries a lock past its unlock: at the end of
// block From the function holds the lock on every path, and from there
// a path with no unlock reaches a join where other paths arrive having
// released it, and goes on to a return (a lock leak: the held-lock meet
// drops the lock at the join, so the returns alone do not show it) or,
// through a loop's back edge, to a Lock of the same instance (the next
// iteration locks again: a self-deadlock).
//
//	for {
//		g.mu.Lock()
//		if g.closed {
//			break // leaves the loop holding g.mu
//		}
//		g.mu.Unlock()
//		break
//	}
//	return
type Skip struct {
	Held Held
	From *ssa.BasicBlock
	// Return is the return reached holding the lock, or nil.
	Return *ssa.Return
	// Relock is the Lock (or RLock) call reached holding it, or nil.
	Relock *ssa.Call
	// RelockMode is how Relock takes the lock.
	RelockMode Mode
}

// maxSkipSteps bounds the blocks one search visits.
const maxSkipSteps = 2000

// Skips returns the paths that carry a lock past its unlock (see Skip),
// one per return or Lock reached and lock, in block order. A path is
// followed only as far as the branches on it can go together: a bool
// flag set on the path (locked := true) and a condition tested before
// decide the branches that test them again.
func (ff *FuncFlow) Skips() []Skip {
	if ff.flow == nil || len(ff.entry) == 0 || !ff.HoldsAny() {
		return nil
	}
	seen := map[[2]any]bool{}
	var out []Skip
	r := ff.replayer()
	for _, b := range ff.Fn.Blocks {
		if b.Index >= len(ff.entry) || ff.entry[b.Index] == nil {
			continue
		}
		end := r.run(b, ff.entry[b.Index].clone(), nil)
		for i, succ := range b.Succs {
			in := ff.entry[succ.Index]
			if deadEdge(b, i) || in == nil || !linked(b, succ) {
				continue
			}
			edge := ff.flow.edgeState(b, i, end)
			for _, key := range sortedKeys(edge.held) {
				h := edge.held[key]
				if _, still := in.held[key]; still || h.Wrapped || h.Callers || edge.deferred[key] || !h.Pos.IsValid() {
					continue
				}
				h.Deferred = false
				for _, sk := range ff.follow(b, i, key, h) {
					sk.From = b
					at := [2]any{key, sk.Return}
					if sk.Relock != nil {
						at[1] = sk.Relock
					}
					if !seen[at] {
						seen[at] = true
						out = append(out, sk)
					}
				}
			}
		}
	}
	return out
}

func sortedKeys(m map[string]Held) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// replayer returns a flow that re-runs the solved dataflow over one
// block, recording nothing.
func (ff *FuncFlow) replayer() *flow {
	f := ff.flow
	// Not recording, it writes neither releases nor deferredReleases.
	return &flow{fset: f.fset, fn: ff.Fn, lookup: f.lookup, calls: f.calls, try: f.try, frozen: f.frozen, result: &FuncFlow{}}
}

// replay runs block b's instructions over s; visit, if set, is called
// before each one and stops the replay by returning false.
func (ff *FuncFlow) replay(b *ssa.BasicBlock, s *state, visit func(ssa.Instruction, *state) bool) *state {
	return ff.replayer().run(b, s, visit)
}

// run is replay with r, a replayer, reused from block to block.
func (r *flow) run(b *ssa.BasicBlock, s *state, visit func(ssa.Instruction, *state) bool) *state {
	for _, in := range b.Instrs {
		if visit != nil && !visit(in, s) {
			return s
		}
		r.step(in, s)
	}
	return s
}

// pathState is what a search knows along one path: the bool values of
// the phis it passed, and the branch taken on each condition tested.
type pathState struct {
	consts  map[ssa.Value]bool
	decided map[any]bool
	// ints are the integer constants the phis passed take on the path:
	// a loop counter's first value (for i := 0; ...; i++ { if i > 0 {...} }).
	ints map[ssa.Value]constant.Value
}

func (p pathState) clone() pathState {
	return pathState{consts: maps.Clone(p.consts), decided: maps.Clone(p.decided), ints: maps.Clone(p.ints)}
}

// follow searches from b's i-th successor, the lock key held, for a
// return or a Lock of key reached with no unlock on the way.
func (ff *FuncFlow) follow(b *ssa.BasicBlock, i int, key string, h Held) []Skip {
	p := pathState{consts: map[ssa.Value]bool{}, decided: map[any]bool{}, ints: map[ssa.Value]constant.Value{}}
	// The conditions that led to b hold on the path.
	for d := b; d != nil; d = d.Idom() {
		for j, succ := range d.Succs {
			if iff, ok := lastIf(d); ok && (d != b && succ.Dominates(b) && d.Succs[0] != d.Succs[1] || d == b && j == i) {
				p.decide(iff.Cond, j == 0)
			}
		}
	}
	var out []Skip
	visited := map[[2]*ssa.BasicBlock]bool{}
	steps := 0
	var walk func(pred, blk *ssa.BasicBlock, p pathState)
	walk = func(pred, blk *ssa.BasicBlock, p pathState) {
		if visited[[2]*ssa.BasicBlock{pred, blk}] || steps >= maxSkipSteps {
			return
		}
		visited[[2]*ssa.BasicBlock{pred, blk}] = true
		steps++
		in := ff.entry[blk.Index]
		if in == nil {
			return
		}
		if _, must := in.held[key]; must {
			return // held on every path here: the other checks see it
		}
		if redefines(blk, h.Ref) {
			return // round a loop to another instance (lock coupling)
		}
		p.enter(pred, blk)
		s := in.clone()
		s.hold(key, h)
		stopped := false
		ff.replay(blk, s, func(instr ssa.Instruction, s *state) bool {
			if _, held := s.held[key]; !held {
				stopped = true // released on this path
				return false
			}
			if sk, ok := ff.reached(instr, key, h, s, p); ok {
				out = append(out, sk)
				stopped = true
				return false
			}
			return true
		})
		if _, held := s.held[key]; stopped || !held {
			return
		}
		for j, succ := range blk.Succs {
			if deadEdge(blk, j) || !p.feasible(blk, j) || !linked(blk, succ) {
				continue
			}
			next := p
			if len(blk.Succs) > 1 {
				next = p.clone()
				if iff, ok := lastIf(blk); ok {
					next.decide(iff.Cond, j == 0)
				}
			}
			walk(blk, succ, next)
		}
	}
	walk(b, b.Succs[i], p)
	return out
}

// reached reports a return or Lock of key that instr makes while the
// path holds it.
func (ff *FuncFlow) reached(instr ssa.Instruction, key string, h Held, s *state, p pathState) (Skip, bool) {
	switch instr := instr.(type) {
	case *ssa.Return:
		if s.deferred[key] || !ff.takenAt(instr, key) || p.announces(instr) || ff.HandsOver(instr, h) {
			return Skip{}, false
		}
		return Skip{Held: h, Return: instr}, true
	case *ssa.Call:
		op, ref, ok := ff.flow.lockOp(&instr.Call)
		if !ok || ref.Key != key || (op != Lock && op != RLock) {
			return Skip{}, false
		}
		if h.Mode == Read && op == RLock {
			return Skip{}, false // recursive read locking blocks only behind a writer
		}
		return Skip{Held: h, Relock: instr, RelockMode: op.mode()}, true
	}
	return Skip{}, false
}

// takenAt reports whether key is taken on every path to ret, so that
// the paths joining it there released it (not merely never took it).
func (ff *FuncFlow) takenAt(ret *ssa.Return, key string) bool {
	for _, r := range ff.Returns {
		if r.Instr == ret {
			return r.Taken[key]
		}
	}
	return false
}

// announces reports whether a result of ret, merged from the joining
// paths, is true or nil on this one: a conditional lock helper saying
// it holds (ok = true; ...; return ok).
func (p pathState) announces(ret *ssa.Return) bool {
	for _, v := range ret.Results {
		phi, ok := v.(*ssa.Phi)
		if !ok {
			continue
		}
		if b, known := p.consts[phi]; known && b {
			return true
		}
	}
	return false
}

func lastIf(b *ssa.BasicBlock) (*ssa.If, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	return iff, ok
}

// enter records the bool constants the phis of blk take coming from pred,
// and forgets the decisions on values blk computes anew.
func (p pathState) enter(pred, blk *ssa.BasicBlock) {
	for k := range p.decided {
		if v, ok := k.(ssa.Instruction); ok && v.Block() == blk {
			delete(p.decided, k)
		}
	}
	at := -1
	for j, pr := range blk.Preds {
		if pr == pred {
			at = j
		}
	}
	for _, instr := range blk.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if at < 0 || at >= len(phi.Edges) {
			delete(p.consts, phi)
			continue
		}
		if b, known := p.value(phi.Edges[at]); known {
			p.consts[phi] = b
		} else {
			delete(p.consts, phi)
		}
		if c, known := p.intValue(phi.Edges[at]); known {
			p.ints[phi] = c
		} else {
			delete(p.ints, phi)
		}
	}
}

// value returns the bool v has on the path, if known.
func (p pathState) value(v ssa.Value) (bool, bool) {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.Bool {
			return constant.BoolVal(v.Value), true
		}
	case *ssa.Phi:
		b, ok := p.consts[v]
		return b, ok
	case *ssa.UnOp:
		if v.Op == token.NOT {
			b, ok := p.value(v.X)
			return !b, ok
		}
	case *ssa.BinOp:
		if b, ok := p.compare(v); ok {
			return b, true
		}
	}
	if key, neg := condKey(v); key != nil {
		b, ok := p.decided[key]
		return b != neg, ok
	}
	return false, false
}

// intValue returns the integer constant v has on the path, if known.
func (p pathState) intValue(v ssa.Value) (constant.Value, bool) {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.Int {
			return v.Value, true
		}
	case *ssa.Phi:
		c, ok := p.ints[v]
		return c, ok
	}
	return nil, false
}

// compare folds an integer comparison whose operands are known on the
// path, and 0 < n for a length n the path found non-zero (a loop over
// n items entered after an n == 0 early return runs at least once).
func (p pathState) compare(cmp *ssa.BinOp) (bool, bool) {
	switch cmp.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return false, false
	}
	x, xok := p.intValue(cmp.X)
	y, yok := p.intValue(cmp.Y)
	if xok && yok {
		return constant.Compare(x, cmp.Op, y), true
	}
	if xok && cmp.Op == token.LSS && constant.Sign(x) == 0 && isLength(cmp.Y) && p.nonZero(cmp.Y) {
		return true, true
	}
	if yok && cmp.Op == token.GTR && constant.Sign(y) == 0 && isLength(cmp.X) && p.nonZero(cmp.X) {
		return true, true
	}
	return false, false
}

// nonZero reports whether the path decided n != 0 (or n == 0 false).
func (p pathState) nonZero(n ssa.Value) bool {
	for _, r := range *n.Referrers() {
		cmp, ok := r.(*ssa.BinOp)
		if !ok || cmp.X != n || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
			continue
		}
		if c, ok := cmp.Y.(*ssa.Const); !ok || c.Value == nil || c.Value.Kind() != constant.Int || constant.Sign(c.Value) != 0 {
			continue
		}
		if b, known := p.decided[cmp]; known && b == (cmp.Op == token.NEQ) {
			return true
		}
	}
	return false
}

// isLength reports whether v is a length: len or cap, or a Len method
// returning int (a container's length is never negative).
func isLength(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); ok {
		return b.Name() == "len" || b.Name() == "cap"
	}
	name := ""
	if call.Call.IsInvoke() {
		name = call.Call.Method.Name()
	} else if fn := call.Call.StaticCallee(); fn != nil {
		name = fn.Name()
	}
	return name == "Len" && len(call.Call.Args) <= 1
}

// decide records that cond was found to be value on the path.
func (p pathState) decide(cond ssa.Value, value bool) {
	if key, neg := condKey(cond); key != nil {
		p.decided[key] = value != neg
	}
}

// feasible reports whether blk's j-th successor can follow on the path.
func (p pathState) feasible(blk *ssa.BasicBlock, j int) bool {
	iff, ok := lastIf(blk)
	if !ok {
		return true
	}
	b, known := p.value(iff.Cond)
	return !known || b == (j == 0)
}

// fieldLoad names a load of one field of one object (or, field -1, of
// one variable), wherever it is made: two tests of s.closed test the
// same condition.
type fieldLoad struct {
	x     ssa.Value
	field int
}

// condKey names a condition so that testing it again finds it: the
// value itself, or the field it loads; neg is set under a !.
func condKey(v ssa.Value) (key any, neg bool) {
	for {
		not, ok := v.(*ssa.UnOp)
		if !ok || not.Op != token.NOT {
			break
		}
		v, neg = not.X, !neg
	}
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if addr, ok := load.X.(*ssa.FieldAddr); ok {
			return fieldLoad{addr.X, addr.Field}, neg
		}
		// A variable: a global, or a local or parameter kept in a
		// cell because a closure captures it.
		return fieldLoad{load.X, -1}, neg
	}
	if _, ok := v.(*ssa.Const); ok {
		return nil, false
	}
	return v, neg
}

// redefines reports whether blk computes anew a value that names the
// instance ref: past it the same key names another object.
func redefines(blk *ssa.BasicBlock, ref Ref) bool {
	in := func(v ssa.Value) bool {
		instr, ok := v.(ssa.Instruction)
		return ok && instr.Block() == blk
	}
	if in(ref.Path.Value()) {
		return true
	}
	for i := range ref.Path.Steps {
		if in(ref.Path.IndexValue(i)) {
			return true
		}
	}
	return false
}

// linked reports whether succ lists b among its predecessors. A CFG
// whose edges disagree (seen once on a large function: a jump to a
// block that did not list the jumping block) is not followed there.
func linked(b, succ *ssa.BasicBlock) bool {
	for _, p := range succ.Preds {
		if p == b {
			return true
		}
	}
	return false
}
