package locks

import (
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// runDefers records, at a function's exit, the acquisitions of the
// calls it deferred on every path there. They run last deferred first,
// each with the locks held at the exit less those the calls run before
// it released: in
//
//	f.mu.Lock()
//	defer f.mu.Unlock()
//	defer h.close() // locks h.mu
//
// h.close runs with f.mu held, and orders h.mu after it; deferred
// before the Lock, it would run after the Unlock. A deferred call only
// some paths make (one in an if) is left out. The acquisitions are
// placed at the RunDefers, where the calls run, and reported at the
// defer statement. What the deferred calls release is the business of
// deferred (the summary's releases): here it only shortens the list of
// held locks the earlier deferred calls see.
func (f *flow) runDefers(rd *ssa.RunDefers, s *state) {
	if !f.recording {
		return
	}
	defers := f.defersBefore(rd)
	if len(defers) == 0 {
		return
	}
	t := s.clone()
	// A release deferred only on some paths (in an if) may run before
	// any of the calls: its lock counts as released.
	ordered := map[string]bool{}
	for _, d := range defers {
		for _, key := range f.deferredReleaseKeys(d) {
			ordered[key] = true
		}
	}
	for key := range s.deferred {
		if !ordered[key] {
			forget(t, &t.held, key)
		}
	}
	teardown := f.teardownOnly()
	for i := len(defers) - 1; i >= 0; i-- {
		d := defers[i]
		if len(t.held) == 0 && teardown {
			return
		}
		if op, _, _ := f.lockOp(&d.Call); op == NoOp && f.firstExit(d, t) {
			f.deferredAcquisitions(rd, d, t)
		}
		for _, key := range f.deferredReleaseKeys(d) {
			forget(t, &t.held, key)
		}
	}
}

// deferredAcquisitions records the acquisitions of the call deferred by
// d, run at rd under t's locks.
func (f *flow) deferredAcquisitions(rd *ssa.RunDefers, d *ssa.Defer, t *state) {
	for _, c := range f.callees(&d.Call) {
		use := trust(&d.Call, c)
		sum := f.lookup(c.Fn)
		if use == ignored || sum == nil || sum.empty() {
			continue
		}
		from := len(f.result.Acquisitions)
		f.applyAcquisitions(rd, c.Args, c.Bindings, "deferred "+ShortFunc(c.Fn), sum, use, t)
		for j := from; j < len(f.result.Acquisitions); j++ {
			a := &f.result.Acquisitions[j]
			// Made wherever the function returns, when the defer
			// statement is on every path (not this exit's block).
			a.Pos, a.Must = d.Pos(), a.Must || f.must[d.Block()]
		}
	}
}

// teardownOnly reports whether the calls f's function defers run with
// nothing held matter to no one: it is main, which nothing calls, or
// declared in a test file, where deferred calls are teardown (a test's
// defer s.Shutdown() takes a hundred locks) and what they lock with
// nothing held could only order locks for the test helper's callers.
func (f *flow) teardownOnly() bool {
	fn := f.fn
	if fn.Name() == "main" && fn.Signature.Recv() == nil && fn.Parent() == nil && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" {
		return true
	}
	return IsTestFile(f.fset, fn.Pos())
}

// firstExit reports whether d's call meets t's held locks for the first
// time: a function with many returns records a deferred call's
// acquisitions once for each set of locks held when it runs, not once
// per return.
func (f *flow) firstExit(d *ssa.Defer, t *state) bool {
	keys := make([]string, 0, len(t.held))
	for k := range t.held {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	seen := strings.Join(keys, "\x00")
	if f.exits == nil {
		f.exits = map[*ssa.Defer][]string{}
	}
	if slices.Contains(f.exits[d], seen) {
		return false
	}
	f.exits[d] = append(f.exits[d], seen)
	return true
}

// deferredReleaseKeys returns the locks the call deferred by d
// releases: an Unlock, or what the one callee that runs wholly releases
// on every path.
func (f *flow) deferredReleaseKeys(d *ssa.Defer) []string {
	if op, ref, ok := f.lockOp(&d.Call); op != NoOp {
		if ok && (op == Unlock || op == RUnlock) {
			return []string{ref.Key}
		}
		return nil
	}
	c, ok := f.whole(&d.Call)
	if !ok {
		return nil
	}
	sum := f.lookup(c.Fn)
	if sum == nil {
		return nil
	}
	var keys []string
	for _, e := range sum.Releases {
		if ref, ok := f.mapEffect(e, c.Args, c.Bindings); ok {
			keys = append(keys, ref.Key)
		}
	}
	return keys
}

// defersBefore returns the defer statements every path to rd passes,
// in the order they are made, the reverse of the order their calls run
// (their blocks dominate rd's, so they lie on one chain of the
// dominator tree).
func (f *flow) defersBefore(rd *ssa.RunDefers) []*ssa.Defer {
	var out []*ssa.Defer
	for b := rd.Block(); b != nil; b = b.Idom() {
		for i := len(b.Instrs) - 1; i >= 0; i-- {
			if d, ok := b.Instrs[i].(*ssa.Defer); ok {
				out = append(out, d)
			}
		}
	}
	slices.Reverse(out)
	return out
}
