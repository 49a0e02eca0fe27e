package partner

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// AnyEnds reports whether one partner alone ends a blocked operation
// of kind: any receive or close frees a send, any send or close a
// receive, any Signal or Broadcast a Cond.Wait (which rechecks its
// condition). WaitGroup.Wait is the exception: it needs every Done the
// count includes, so one partner that cannot run keeps it blocked.
func (k Kind) AnyEnds() bool { return k != GroupWait }

// Everyone is Partner for an operation that any one partner ends (see
// AnyEnds): the operation stays blocked only if every operation that
// could end it waits for a lock admit accepts, on every chain of calls
// that reaches it. An ending operation, or a chain, that takes no such
// lock may run while the lock is held and free the blocked one, so
// there is no deadlock to report. counts says which functions can run
// beside the blocked operation at all (a test's functions do not run
// beside production code): the others, and chains through them, are
// left out. It returns the first partner found blocked, as Partner
// does. The walk gives up (reports nothing) past its bounds.
func (m *Model) Everyone(class string, kind Kind, counts func(fn *ssa.Function) bool, admit func(fn *ssa.Function, t Taken) bool) (*ssa.Function, Op, Taken, bool) {
	m.index()
	w := everyWalk{m: m, counts: counts, admit: admit}
	found := false
	var witness blockedAt
	for _, s := range m.ends[class] {
		if !kind.Ends(s.op.Kind) || !counts(s.fn) {
			continue
		}
		b, blocked := w.walk(s, 0, []*ssa.Function{s.fn})
		if !blocked {
			return nil, Op{}, Taken{}, false
		}
		if b.fn != nil && !found {
			witness, found = b, true
		}
	}
	return witness.fn, witness.op, witness.t, found
}

type blockedAt struct {
	fn *ssa.Function
	op Op
	t  Taken
}

type everyWalk struct {
	m      *Model
	counts func(fn *ssa.Function) bool
	admit  func(fn *ssa.Function, t Taken) bool
	steps  int
}

// walk reports whether s's operation waits for an admitted lock on
// every chain of callers above it, with one such lock. A chain that
// comes back to a function already on it adds nothing (blocked, with
// no witness).
func (w *everyWalk) walk(s site, depth int, stack []*ssa.Function) (blockedAt, bool) {
	w.steps++
	for _, t := range w.m.takenAt(s) {
		if w.admit(s.fn, t) {
			return blockedAt{s.fn, s.op, t}, true
		}
	}
	if depth >= maxDepth || w.steps > maxSteps {
		return blockedAt{}, false
	}
	var first blockedAt
	callers := 0
	for _, call := range w.m.callers[s.fn] {
		up := call.Parent()
		if !w.counts(up) {
			continue
		}
		callers++
		if slices.Contains(stack, up) {
			continue
		}
		b, blocked := w.walk(site{up, w.m.atCall(s.op, call)}, depth+1, append(stack, up))
		if !blocked {
			return blockedAt{}, false
		}
		if first.fn == nil {
			first = b
		}
	}
	// A function nothing counted calls runs on its own goroutine (or
	// from outside the package) without the lock.
	return first, callers > 0
}
