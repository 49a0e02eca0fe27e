package hb

import (
	"go/constant"
	"go/token"
	"go/types"
	"math"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// Never is the receipts of a call that never returns normally: no
// count of values left behind matters after it.
const Never = math.MaxInt32

// Receipts bounds from below how many values call takes from the
// channel it passes as argument arg before it returns normally: the
// fewest receives (plain, or a select's case) its callee makes on the
// parameter along any path to a return. Paths through a call that
// ends the goroutine or fails the test (t.Fatalf) do not return. A
// loop counting its receives ("for found := 0; found < expect; { select
// { case <-timer: t.Fatal(); case <-ch: found++ } }") leaves by its
// test only after expect receives, when expect is a constant or a
// parameter given a constant here. Branches the constant arguments
// decide are followed one way only, and a case on a channel that is nil
// on every path left (var timer <-chan T; if timeout > 0 { timer = ...
// } with timeout 0) never runs. Receives in calls the callee makes are
// not counted: 0 is always a bound.
func Receipts(call ssa.CallInstruction, arg int) int64 {
	return ReceiptsLeaving(call, arg, Exits{})
}

// Exits narrows the ways a callee can return for ReceiptsLeaving.
type Exits struct {
	// Late reports whether a select case receiving from channel v (a
	// value of the callee) cannot be taken before the caller's partner
	// has made its sends: such a case is never taken.
	Late func(v ssa.Value) bool
	// FailsOnError is set when the caller fails the test unless the
	// callee's error result is nil: a return of an error that is not
	// nil there is a failing test's path, not a way out.
	FailsOnError bool
}

// ReceiptsLeaving is Receipts counting only the returns ex leaves.
func ReceiptsLeaving(call ssa.CallInstruction, arg int, ex Exits) int64 {
	fn := call.Common().StaticCallee()
	args := call.Common().Args
	if fn == nil || len(fn.Blocks) == 0 || len(fn.Blocks) > maxCountedBlocks || arg < 0 || arg >= len(args) || len(fn.Params) != len(args) {
		return 0
	}
	r := receiver{fn: fn, args: args, ex: ex, holds: map[ssa.Value]bool{}, blocks: map[*ssa.BasicBlock]int64{}, cases: map[*ssa.BasicBlock]bool{}}
	r.hold(fn.Params[arg])
	r.prune()
	r.count()
	n := r.fewest()
	return n
}

// receiver is one callee's receives from one channel parameter.
type receiver struct {
	fn    *ssa.Function
	args  []ssa.Value // the call's arguments
	ex    Exits
	holds map[ssa.Value]bool
	// blocks counts the plain receives per block.
	blocks map[*ssa.BasicBlock]int64
	// cases holds the blocks whose edge into their first successor
	// enters a case that receives (an empty case's first block is the
	// block after the select, shared with the other cases: the edge
	// received, not the block).
	cases map[*ssa.BasicBlock]bool
	// live holds the blocks a run can reach given the call's constant
	// arguments (if timeout > 0 with timeout 0 is never entered).
	live map[*ssa.BasicBlock]bool
}

// taken counts the receives made going from block b into s.
func (r *receiver) taken(b, s *ssa.BasicBlock) int64 {
	n := r.blocks[s]
	if r.cases[b] && s == b.Succs[0] {
		n++
	}
	return n
}

// hold adds v and its conversions (chan T as <-chan T) to the values
// holding the channel.
func (r *receiver) hold(v ssa.Value) {
	if r.holds[v] {
		return
	}
	r.holds[v] = true
	for _, ref := range *v.Referrers() {
		if ct, ok := ref.(*ssa.ChangeType); ok {
			r.hold(ct)
		}
	}
}

func (r *receiver) count() {
	for _, b := range r.fn.Blocks {
		for _, instr := range b.Instrs {
			if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW && r.holds[recv.X] {
				r.blocks[b]++
			}
		}
		if sel, i, ok := SelectCase(b); ok && sel.States[i].Dir == types.RecvOnly && r.holds[sel.States[i].Chan] {
			r.cases[b] = true
		}
	}
}

// fewest is the least count of receives on a path from the entry to a
// return: a shortest path search, a counted loop's exit weighing what
// its iterations must have received.
func (r *receiver) fewest() int64 {
	dist := map[*ssa.BasicBlock]int64{}
	done := map[*ssa.BasicBlock]bool{}
	entry := r.fn.Blocks[0]
	if ssautil.EndsOrFails(entry) {
		return Never
	}
	dist[entry] = r.blocks[entry]
	for {
		var b *ssa.BasicBlock
		for x, d := range dist {
			if !done[x] && (b == nil || d < dist[b] || d == dist[b] && x.Index < b.Index) {
				b = x
			}
		}
		if b == nil {
			return Never
		}
		if ret, ok := ssautil.ReturnOf(b); ok && b != r.fn.Recover {
			if !r.ex.FailsOnError || !ssautil.ReturnsError(ret) {
				return dist[b]
			}
		}
		done[b] = true
		for i, s := range b.Succs {
			if !r.follows(b, i) || ssautil.EndsOrFails(s) {
				continue
			}
			d := dist[b] + r.taken(b, s)
			if i == 1 {
				d += r.loopReceipts(b)
			}
			if old, seen := dist[s]; !done[s] && (!seen || d < old) {
				dist[s] = d
			}
		}
	}
}

// loopReceipts bounds the receives of a loop that b tests, when its
// false branch leaves: b tests "i < bound" with i counted up from a
// constant, and i grows by one only in an iteration that receives.
// When it leaves, i has reached bound: so many receives at least.
func (r *receiver) loopReceipts(b *ssa.BasicBlock) int64 {
	phi, limit, ok := indexTest(b)
	if !ok || sameLoop(b, b.Succs[1]) {
		return 0
	}
	bound, ok := r.constant(limit)
	if !ok {
		return 0
	}
	init, inits := int64(0), 0
	for i, e := range phi.Edges {
		pred := b.Preds[i]
		if !sameLoop(b, pred) {
			n, ok := constInt(e)
			if !ok {
				return 0
			}
			init, inits = n, inits+1
			continue
		}
		if !r.bumpsOnReceive(phi, e, pred, 0) {
			return 0
		}
	}
	if inits != 1 {
		return 0
	}
	return max(bound-init, 0)
}

// bumpsOnReceive reports whether value v, reaching the loop's head
// from block pred, is the head's index phi, or phi+1 after a receive
// on every path from the head to pred, or a phi of such values.
func (r *receiver) bumpsOnReceive(phi *ssa.Phi, v ssa.Value, pred *ssa.BasicBlock, depth int) bool {
	switch {
	case v == phi:
		return true
	case isIncrement(v, phi):
		return r.receivesBefore(phi.Block(), pred)
	}
	join, ok := v.(*ssa.Phi)
	if !ok || depth > 8 || join.Block() == phi.Block() {
		return false
	}
	for i, e := range join.Edges {
		if !r.bumpsOnReceive(phi, e, join.Block().Preds[i], depth+1) {
			return false
		}
	}
	return true
}

// receivesBefore reports whether every path from the loop's head to
// block to, not going round the head again, passes a receive.
func (r *receiver) receivesBefore(head, to *ssa.BasicBlock) bool {
	if r.blocks[head] > 0 || r.blocks[to] > 0 {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{head: true}
	work := []*ssa.BasicBlock{head}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if r.taken(b, s) > 0 {
				continue
			}
			if s == to {
				return false
			}
			if seen[s] {
				continue
			}
			seen[s] = true
			work = append(work, s)
		}
	}
	return true
}

// prune finds the live blocks.
func (r *receiver) prune() {
	r.live = map[*ssa.BasicBlock]bool{r.fn.Blocks[0]: true}
	work := []*ssa.BasicBlock{r.fn.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for i, s := range b.Succs {
			if !r.live[s] && r.decided(b) != 1-i {
				r.live[s] = true
				work = append(work, s)
			}
		}
	}
}

// follows reports whether a run can go from block b to its i-th
// successor: the branch is not decided the other way, and a select's
// case does not receive from a channel that is nil here (a case on a
// nil channel is never ready).
func (r *receiver) follows(b *ssa.BasicBlock, i int) bool {
	if r.decided(b) == 1-i {
		return false
	}
	sel, c, ok := SelectCase(b)
	if !ok || i != 0 {
		return true
	}
	v := sel.States[c].Chan
	return !r.isNil(v, 0) && (r.ex.Late == nil || !r.ex.Late(v))
}

// decided returns the successor an if at the end of b always takes
// given the call's constant arguments (0 for true, 1 for false), or -1.
func (r *receiver) decided(b *ssa.BasicBlock) int {
	if len(b.Instrs) == 0 {
		return -1
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return -1
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return -1
	}
	switch cmp.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return -1
	}
	x, okx := r.constant(cmp.X)
	y, oky := r.constant(cmp.Y)
	if !okx || !oky {
		return -1
	}
	if constant.Compare(constant.MakeInt64(x), cmp.Op, constant.MakeInt64(y)) {
		return 0
	}
	return 1
}

// isNil reports whether channel v is nil on every live path: the nil
// constant, or a phi of such values on its live edges (var c <-chan T;
// if timeout > 0 { c = time.After(timeout) } with timeout 0).
func (r *receiver) isNil(v ssa.Value, depth int) bool {
	switch v := v.(type) {
	case *ssa.Const:
		return v.IsNil()
	case *ssa.ChangeType:
		return r.isNil(v.X, depth+1)
	case *ssa.Phi:
		if depth > 8 {
			return false
		}
		for i, e := range v.Edges {
			if r.live[v.Block().Preds[i]] && !r.isNil(e, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// constant evaluates v as a constant, a parameter given a constant
// argument included.
func (r *receiver) constant(v ssa.Value) (int64, bool) {
	if p, ok := v.(*ssa.Parameter); ok {
		for i, q := range r.fn.Params {
			if q == p {
				return constInt(r.args[i])
			}
		}
		return 0, false
	}
	return constInt(v)
}
