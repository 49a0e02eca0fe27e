package locks

import (
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/publish"
)

// late analyses the functions of the package that a lookup meets
// after the model is sealed (runFlows has returned) and that runFlows
// never looked up: a method expression's thunk among the callees of a
// go statement HandedOff asks about, a method releasedByMethod tries.
// The passes built on the model look them up on goroutines of their
// own while others read it: analysing one into the model's maps (and
// through its publish query and scratch, which Analyzer's edges and
// lockorder still use) would be a concurrent map write, which kills
// the whole vet run. They are analysed here instead, one at a time,
// with a query and scratch of their own; the model is only read.
type late struct {
	mu      sync.Mutex
	sums    map[*ssa.Function]*Summary // analysed; nil while in progress
	pub     *publish.Query
	scratch scratch
}

// local reports whether fn's summary is computed here: its body is in
// the package (or it is a synthetic wrapper, which has no package).
func (m *model) local(fn *ssa.Function) bool {
	return len(fn.Blocks) > 0 && (fn.Pkg == m.pkg || fn.Pkg == nil)
}

// lateLookup is lookup, once the model is sealed, of a function of
// the package the model does not have.
func (m *model) lateLookup(fn *ssa.Function) *Summary {
	m.late.mu.Lock()
	defer m.late.mu.Unlock()
	return m.lateSummary(fn)
}

// lateSummary returns fn's summary from the sealed model, an import or
// late's own analyses; late.mu is held. Recursion yields nil, as in
// lookup.
func (m *model) lateSummary(fn *ssa.Function) *Summary {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if m.done[fn] || !m.local(fn) {
		return m.lookup(fn) // reads the model only
	}
	l := &m.late
	if sum, ok := l.sums[fn]; ok {
		return sum
	}
	if l.sums == nil {
		l.sums = map[*ssa.Function]*Summary{}
		l.pub = publish.New()
		l.pub.SetPackage(m.funcs)
	}
	l.sums[fn] = nil
	// The flow is dropped: only the summary leaves late, so nothing
	// replays it with the unguarded lateSummary.
	sum := analyze(m.pass.Fset, fn, m.lateSummary, m.calls, l.pub, &l.scratch).Summary
	l.sums[fn] = sum
	return sum
}
