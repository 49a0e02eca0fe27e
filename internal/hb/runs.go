package hb

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// Runs bounds how many times code can run in one call of its function:
// a send compared with the buffer of its channel. The zero value is
// unknown (a loop whose count depends on input the model cannot see).
type Runs struct {
	known bool
	n     int64     // at most n times, when of is nil
	of    ssa.Value // at most of times: the bound of a counted loop
	// endless: in a loop that nothing leaves (no return, panic or
	// failing test is reachable): it runs for as long as it can, more
	// than any buffer holds.
	endless bool
}

// Once is code that runs at most once.
var Once = Runs{known: true, n: 1}

// AtMost reports whether the code runs at most n times, as far as the
// model can tell.
func (r Runs) AtMost(n int64) bool {
	return r.known && r.of == nil && r.n <= n
}

// Exceeds reports whether the code can run more than n times: without
// bound, or a constant count above n. An unknown count or one bounded
// by a variable does not.
func (r Runs) Exceeds(n int64) bool {
	return r.endless || r.known && r.of == nil && r.n > n
}

// Plus is the bound of running r and then o.
func (r Runs) Plus(o Runs) Runs {
	switch {
	case r.endless || o.endless:
		return Runs{endless: true}
	case r.known && o.known && r.of == nil && o.of == nil:
		return Runs{known: true, n: r.n + o.n}
	}
	return Runs{}
}

// Times is the bound of running r each time o runs.
func (r Runs) Times(o Runs) Runs {
	switch {
	case r.endless || o.endless:
		return Runs{endless: true}
	case !r.known || !o.known:
		return Runs{}
	case r.of == nil && o.of == nil:
		return Runs{known: true, n: r.n * o.n}
	case r.of == nil && r.n == 1:
		return o
	case o.of == nil && o.n == 1:
		return r
	}
	return Runs{}
}

// RunsOf bounds how many times block b runs in one call of its
// function: once outside loops; the count of a counted loop
// ("for i := c; i < n; i++", "for range xs", "for range n") entered
// once, when b runs at most once per iteration; without bound in a
// loop nothing leaves; else unknown.
func RunsOf(b *ssa.BasicBlock) Runs {
	if b == nil {
		return Runs{}
	}
	if !ssautil.InLoop(b) {
		return Once
	}
	if !leaves(b) {
		return Runs{endless: true}
	}
	if len(b.Parent().Blocks) > maxCountedBlocks {
		return Runs{}
	}
	for _, e := range b.Parent().Blocks {
		l, r, ok := tripLoop(e)
		if ok && l.contains(b) && onceEach(b, e) && l.enteredOnce() {
			return r
		}
	}
	return Runs{}
}

// leaves reports whether a way out of the function (a return, a panic,
// a call that never returns or fails the test) can follow block b.
func leaves(b *ssa.BasicBlock) bool {
	out := func(x *ssa.BasicBlock) bool {
		if _, ok := ssautil.ReturnOf(x); ok || ssautil.EndsOrFails(x) {
			return true
		}
		if len(x.Instrs) == 0 {
			return false
		}
		_, panics := x.Instrs[len(x.Instrs)-1].(*ssa.Panic)
		return panics
	}
	if out(b) {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{b: true}
	work := []*ssa.BasicBlock{b}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, succ := range x.Succs {
			if seen[succ] {
				continue
			}
			if out(succ) {
				return true
			}
			seen[succ] = true
			work = append(work, succ)
		}
	}
	return false
}

// tripLoop recognises the test of a counted loop and bounds its
// iterations: countedLoop's shapes, and an index counted from another
// constant ("for i := 1; i < 100_000; i++").
func tripLoop(e *ssa.BasicBlock) (counted, Runs, bool) {
	if l, ok := countedLoop(e); ok {
		return l, upTo(l.bound, 0), true
	}
	phi, bound, ok := indexTest(e)
	if !ok {
		return counted{}, Runs{}, false
	}
	for _, edge := range phi.Edges {
		if init, ok := intConst(edge); ok && init >= 0 && inductive(phi, init, phi) {
			return counted{test: e, bound: bound}, upTo(bound, init), true
		}
	}
	return counted{}, Runs{}, false
}

// indexTest recognises a block that ends testing "i < bound" for a phi
// i of its own: the test of a loop over an index.
func indexTest(e *ssa.BasicBlock) (*ssa.Phi, ssa.Value, bool) {
	if len(e.Instrs) == 0 || len(e.Succs) != 2 {
		return nil, nil, false
	}
	iff, ok := e.Instrs[len(e.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, nil, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.LSS {
		return nil, nil, false
	}
	phi, ok := cmp.X.(*ssa.Phi)
	if !ok || phi.Block() != e {
		return nil, nil, false
	}
	return phi, cmp.Y, true
}

// upTo bounds the iterations of an index counted by one from init
// while it is below bound.
func upTo(bound ssa.Value, init int64) Runs {
	if n, ok := intConst(bound); ok {
		return Runs{known: true, n: max(n-init, 0)}
	}
	return Runs{known: true, of: bound} // init >= 0: at most bound
}

func intConst(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c.Value)
}
