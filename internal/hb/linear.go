package hb

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// linear is a count written as a constant plus integer multiples of
// values the model cannot evaluate (loop bounds such as n, len(xs),
// n/2): 2+n, n-n/2. Counts of goroutines and of receipts compared as
// linear forms need not be constants (two writers and n readers
// against a loop that receives 2+n times). Each value stands for a
// count that is taken to be non-negative.
type linear struct {
	c     int64
	terms map[any]int64 // by atom: the value, or lenKey for len(x)
}

// lenKey names len(x) whatever call computes it.
type lenKey struct{ x ssa.Value }

func constLinear(n int64) linear { return linear{c: n} }

// linearOf reads v as a linear form: constants, sums and differences
// are split, anything else is one atom.
func linearOf(v ssa.Value) linear {
	return linearDepth(v, 0)
}

func linearDepth(v ssa.Value, depth int) linear {
	if n, ok := constInt(v); ok {
		return constLinear(n)
	}
	if n, ok := chanCap(v); ok {
		return constLinear(n)
	}
	if op, ok := v.(*ssa.BinOp); ok && depth < 8 && (op.Op == token.ADD || op.Op == token.SUB) {
		x, y := linearDepth(op.X, depth+1), linearDepth(op.Y, depth+1)
		if op.Op == token.SUB {
			return x.minus(y)
		}
		return x.plus(y)
	}
	var atom any = v
	if x, ok := lenOf(v); ok {
		atom = lenKey{x}
	}
	return linear{terms: map[any]int64{atom: 1}}
}

func (a linear) plus(b linear) linear {
	out := linear{c: a.c + b.c, terms: map[any]int64{}}
	for k, n := range a.terms {
		out.terms[k] += n
	}
	for k, n := range b.terms {
		out.terms[k] += n
	}
	return out
}

func (a linear) minus(b linear) linear {
	neg := linear{c: -b.c, terms: map[any]int64{}}
	for k, n := range b.terms {
		neg.terms[k] = -n
	}
	return a.plus(neg)
}

// atMost reports whether a ≤ b for every non-negative value of the
// atoms: b - a has a non-negative constant and coefficients.
func (a linear) atMost(b linear) bool {
	d := b.minus(a)
	if d.c < 0 {
		return false
	}
	for _, n := range d.terms {
		if n < 0 {
			return false
		}
	}
	return true
}

// tripCount bounds the iterations of the loop tested at block e, as
// countedLoop and tripLoop recognise it, and of a loop that goes on
// counting the index an earlier counted loop left off at ("for i = 0;
// i < n/2; i++ {...}; for ; i < n; i++ {...}"): that loop left when
// its index reached its bound, so the later one runs at most its bound
// less the earlier one's. (Should the earlier bound exceed the later,
// both together ran the earlier bound's count, and this is an under-
// count: loops written so split one count, in order.)
func tripCount(e *ssa.BasicBlock) (counted, linear, bool) {
	if l, ok := countedLoop(e); ok {
		return l, linearOf(l.bound), true
	}
	if l, r, ok := tripLoop(e); ok && r.of == nil {
		return l, constLinear(r.n), true
	}
	phi, bound, ok := indexTest(e)
	if !ok {
		return counted{}, linear{}, false
	}
	var from *ssa.Phi
	for _, edge := range phi.Edges {
		if isIncrement(edge, phi) {
			continue
		}
		p, ok := edge.(*ssa.Phi)
		if !ok || from != nil {
			return counted{}, linear{}, false
		}
		from = p
	}
	if from == nil {
		return counted{}, linear{}, false
	}
	before, ok := countedLoop(from.Block())
	if !ok || !isIndex(before, from) || before.test == e || before.contains(e) || !before.onlyExit() || !before.test.Succs[1].Dominates(e) {
		return counted{}, linear{}, false
	}
	l := counted{test: e, bound: bound}
	return l, linearOf(bound).minus(linearOf(before.bound)), true
}

// isIndex reports whether phi is the index the loop's test compares.
func isIndex(l counted, phi *ssa.Phi) bool {
	p, _, ok := indexTest(l.test)
	return ok && p == phi
}

// chanCap recognises cap(ch) of a channel made with a constant buffer
// size (done := make(chan struct{}, 3); for i := 0; i < cap(done); i++
// {...}), held in a register or in a variable set once: the size is
// fixed when the channel is made.
func chanCap(v ssa.Value) (int64, bool) {
	call, ok := v.(*ssa.Call)
	if !ok || len(call.Call.Args) != 1 {
		return 0, false
	}
	if bi, ok := call.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "cap" {
		return 0, false
	}
	ch := ssautil.ChanValue(call.Call.Args[0])
	if load, ok := ch.(*ssa.UnOp); ok && load.Op == token.MUL {
		// A variable a closure captures: the channel stored in it once,
		// before the load.
		cell, ok := load.X.(*ssa.Alloc)
		if !ok || !storedOnceBefore(cell, load) {
			return 0, false
		}
		for _, r := range *cell.Referrers() {
			if st, ok := r.(*ssa.Store); ok {
				ch = st.Val
			}
		}
	}
	mk, ok := ch.(*ssa.MakeChan)
	if !ok {
		return 0, false
	}
	return ssautil.ChanSize(mk)
}
