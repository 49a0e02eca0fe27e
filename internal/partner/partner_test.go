package partner_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/partner"
)

// modelOf builds the partner model of the package the pass analyses,
// over its lock model, with static callees only.
func modelOf(pass *analysis.Pass) (*partner.Model, []*ssa.Function) {
	model := pass.ResultOf[locks.Analyzer].(*locks.Result)
	var fns []*ssa.Function
	for _, fl := range model.Flows {
		fns = append(fns, fl.Fn)
	}
	return partner.New(pass.Fset, model, partner.IndexMakes(pass.Fset, fns), fns, nil), fns
}

// show reports, at each declared function, the operations that may
// block in it as the model sees them, each with the first partner that
// takes a lock before its side.
var show = &analysis.Analyzer{
	Name:     "partnershow",
	Doc:      "test: print internal/partner's operations",
	Requires: []*analysis.Analyzer{locks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m, fns := modelOf(pass)
		for _, fn := range fns {
			if fn.Parent() != nil {
				continue
			}
			var parts []string
			for _, op := range m.Blocking(fn) {
				parts = append(parts, describe(m, fn, op))
			}
			if len(parts) > 0 {
				sort.Strings(parts)
				pass.Reportf(fn.Pos(), "%s", strings.Join(parts, "; "))
			}
		}
		return nil, nil
	},
}

func describe(m *partner.Model, fn *ssa.Function, op partner.Op) string {
	s := fmt.Sprintf("%s %s", op.Kind, locks.ShortClass(op.Class))
	if len(op.Released) > 0 {
		s += " released " + strings.Join(op.Released, ",")
	}
	if op.Default {
		s += " default"
	}
	pfn, pop, t, ok := m.Partner(op.Class, op.Kind, func(pfn *ssa.Function, t partner.Taken) bool { return pfn != fn })
	if ok {
		s += fmt.Sprintf(" ⇐ %s %s in %s after %s", pop.Kind, locks.ShortClass(pop.Class), pfn.Name(), locks.ShortClass(t.Class))
	}
	return s
}

// every reports, at each declared function, its operations that any
// one partner ends, and whether every partner takes a lock (of another
// function) before its side.
var every = &analysis.Analyzer{
	Name:     "partnerevery",
	Doc:      "test: print internal/partner's Everyone answers",
	Requires: []*analysis.Analyzer{locks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m, fns := modelOf(pass)
		for _, fn := range fns {
			for _, op := range m.Blocking(fn) {
				if fn.Parent() != nil || !op.Kind.AnyEnds() {
					continue
				}
				all := func(*ssa.Function) bool { return true }
				pfn, _, t, ok := m.Everyone(op.Class, op.Kind, all, func(pfn *ssa.Function, t partner.Taken) bool { return pfn != fn })
				s := fmt.Sprintf("%s %s: free", op.Kind, locks.ShortClass(op.Class))
				if ok {
					s = fmt.Sprintf("%s %s: every waker after %s, e.g. %s", op.Kind, locks.ShortClass(op.Class), locks.ShortClass(t.Class), pfn.Name())
				}
				pass.Reportf(fn.Pos(), "%s", s)
			}
		}
		return nil, nil
	},
}

// TestEveryone checks that an operation any partner ends is blocked
// only when every partner, on every chain of callers, takes a lock
// first, and that a callee's deferred operation happens at the call.
func TestEveryone(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), every, "b")
}

// TestOps checks the blocking operations the model lists per function
// (direct, through calls, released locks, select default, a channel
// parameter named by its callers' argument, buffered channels left
// out) and the partners found for them (directly, through callers, in
// loops, deferred).
func TestOps(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), show, "a")
}
