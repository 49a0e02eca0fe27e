package locks

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// Goroutines a test starts, one by one. A deadlock cycle needs one
// goroutine per edge: each holds one lock of the cycle and waits for
// the next. EdgeAlongside asks whether some goroutine the test starts
// forms an edge; a cycle through a test's edge needs its production
// edges formed on distinct goroutines, none of them the test edge's
// own. A `go` statement the test runs once supplies one goroutine; one
// in a loop, in a helper or in a started goroutine, any number.

// testGoroutine is one goroutine start reached from a test root.
type testGoroutine struct {
	at   ssa.Instruction
	body *ssa.Function
	// many: the start may run more than once (in a loop, or outside the
	// root's own body).
	many bool
	// runs is what the goroutine runs itself; nested what the
	// goroutines it starts run (any number of them).
	runs, nested map[*ssa.Function]bool
}

// goroutinesOf returns what root runs on its own goroutine and the
// goroutines it starts from test code. Goroutines that production code
// starts are not the test's (see alongside), wherever it runs.
func (a *alongside) goroutinesOf(root *ssa.Function) (map[*ssa.Function]bool, []*testGoroutine) {
	if a.started == nil {
		a.started = map[*ssa.Function][]*testGoroutine{}
		a.rootRuns = map[*ssa.Function]map[*ssa.Function]bool{}
	}
	if gs, ok := a.started[root]; ok {
		return a.rootRuns[root], gs
	}
	var gs []*testGoroutine
	runs := a.runsOn(root, func(at ssa.Instruction, body *ssa.Function) {
		g := &testGoroutine{at: at, body: body, many: at.Parent() != root || ssautil.InLoop(at.Block()), nested: map[*ssa.Function]bool{}}
		g.runs = a.runsOn(body, func(_ ssa.Instruction, inner *ssa.Function) {
			a.runsAll(inner, g.nested)
		})
		gs = append(gs, g)
	})
	a.started[root], a.rootRuns[root] = gs, runs
	return runs, gs
}

// runsAll adds to out what fn runs on its goroutine and on those it
// starts from test code, transitively.
func (a *alongside) runsAll(fn *ssa.Function, out map[*ssa.Function]bool) {
	if out[fn] {
		return
	}
	out[fn] = true // a goroutine that starts itself again
	for f := range a.runsOn(fn, func(_ ssa.Instruction, inner *ssa.Function) { a.runsAll(inner, out) }) {
		out[f] = true
	}
}

// runsOn returns the functions fn runs on its own goroutine (fn, its
// callees, theirs), calling start with each goroutine that test code
// starts on the way.
func (a *alongside) runsOn(fn *ssa.Function, start func(at ssa.Instruction, body *ssa.Function)) map[*ssa.Function]bool {
	out := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		a.visitCallees(f, func(callee *ssa.Function, at ssa.Instruction) {
			switch {
			case startsGoroutine(at, callee):
				if IsTestFile(a.fset, at.Pos()) {
					start(at, callee)
				}
				return
			case onlyStarted(at, callee):
				return // the closure a go statement starts
			}
			if !out[callee] {
				out[callee] = true
				work = append(work, callee)
			}
		})
	}
	return out
}

// onlyStarted reports whether at makes a closure of callee that is only
// ever started on another goroutine.
func onlyStarted(at ssa.Instruction, callee *ssa.Function) bool {
	mc, ok := at.(*ssa.MakeClosure)
	if !ok || mc.Fn != callee || mc.Referrers() == nil || len(*mc.Referrers()) == 0 {
		return false
	}
	for _, r := range *mc.Referrers() {
		if !startsGoroutine(r, callee) {
			return false
		}
	}
	return true
}

// CycleAlongside reports whether the production edges of a cycle closed
// by test edge le can each be formed on its own goroutine that a test
// reaching le starts, other than le's own: EdgeAlongside for each edge,
// with the goroutines told apart.
func (r *Result) CycleAlongside(edges []Edge, le LocalEdge) bool {
	if r.alongside == nil || le.Acq.Instr == nil {
		return false
	}
	r.alongside.mu.Lock()
	defer r.alongside.mu.Unlock()
	fn := le.Acq.Instr.Parent()
	var prod [][2]string
	for _, e := range edges {
		if !e.Test {
			prod = append(prod, [2]string{e.From, e.To})
		}
	}
	for _, root := range r.alongside.roots(fn) {
		runs, gs := r.alongside.goroutinesOf(root)
		if runs[fn] && r.alongside.assignable(prod, gs, nil, le) {
			return true
		}
		for _, g := range gs {
			if (g.runs[fn] || g.nested[fn]) && r.alongside.assignable(prod, gs, g, le) {
				return true
			}
		}
	}
	return false
}

// assignable reports whether each edge of prod is formed on a distinct
// goroutine of gs, when the test edge le runs on own (nil: on the
// root's goroutine).
func (a *alongside) assignable(prod [][2]string, gs []*testGoroutine, own *testGoroutine, le LocalEdge) bool {
	// once[i] lists the goroutines that start once and may form edge i.
	var once [][]int
	for _, e := range prod {
		var cands []int
		free := false
		for j, g := range gs {
			sync := g.runs
			if g == own && g.runs[le.Acq.Instr.Parent()] && (!g.many || a.perInstance(g, le)) {
				// le's goroutine runs these before or after le; its other
				// runs, if any, lock their own objects.
				sync = nil
			}
			if a.forms(g.nested, e) || g.many && a.forms(sync, e) {
				free = true
				break
			}
			if a.forms(sync, e) {
				cands = append(cands, j)
			}
		}
		if free {
			continue
		}
		if len(cands) == 0 {
			return false
		}
		once = append(once, cands)
	}
	return distinct(once, map[int]bool{})
}

// distinct reports whether each list can be given its own element.
func distinct(lists [][]int, used map[int]bool) bool {
	if len(lists) == 0 {
		return true
	}
	for _, j := range lists[0] {
		if used[j] {
			continue
		}
		used[j] = true
		ok := distinct(lists[1:], used)
		used[j] = false
		if ok {
			return true
		}
	}
	return false
}

// forms reports whether a function of set holds a lock of class e[0]
// while acquiring one of class e[1].
func (a *alongside) forms(set map[*ssa.Function]bool, e [2]string) bool {
	for f := range set {
		fl := a.byFunc[f]
		if fl == nil {
			continue
		}
		for _, acq := range fl.Acquisitions {
			if acq.Ref.Class == e[1] && slices.ContainsFunc(acq.Held, func(h Held) bool { return h.Ref.Class == e[0] }) {
				return true
			}
		}
	}
	return false
}

// perInstance reports whether the test edge le lies in the body of
// goroutine g itself and both its locks are in objects that body made
// (an allocation, a call's result): each run of the body has its own,
// so another run of it orders other instances.
func (a *alongside) perInstance(g *testGoroutine, le LocalEdge) bool {
	if le.Acq.Instr.Parent() != g.body {
		return false
	}
	i := slices.IndexFunc(le.Acq.Held, func(h Held) bool { return h.Pos == le.HeldPos && h.Ref.Class == le.From })
	return i >= 0 && madeIn(le.Acq.Ref, g.body) && madeIn(le.Acq.Held[i].Ref, g.body)
}

// madeIn reports whether r's root is an object fn allocated or a result
// of a call fn made.
func madeIn(r Ref, fn *ssa.Function) bool {
	v := r.Path.Value()
	if x, ok := v.(*ssa.Extract); ok {
		v = x.Tuple
	}
	switch v := v.(type) {
	case *ssa.Alloc:
		return v.Parent() == fn
	case *ssa.Call:
		return v.Parent() == fn
	}
	return false
}
