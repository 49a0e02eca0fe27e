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

// show reports, at each declared function, the operations that may
// block in it as the model sees them, each with the first partner that
// takes a lock before its side.
var show = &analysis.Analyzer{
	Name:     "partnershow",
	Doc:      "test: print internal/partner's operations",
	Requires: []*analysis.Analyzer{locks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		model := pass.ResultOf[locks.Analyzer].(*locks.Result)
		var fns []*ssa.Function
		for _, fl := range model.Flows {
			fns = append(fns, fl.Fn)
		}
		m := partner.New(pass.Fset, model, partner.IndexMakes(pass.Fset, fns), fns, nil)
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

// TestOps checks the blocking operations the model lists per function
// (direct, through calls, released locks, select default, a channel
// parameter named by its callers' argument, buffered channels left
// out) and the partners found for them (directly, through callers, in
// loops, deferred).
func TestOps(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), show, "a")
}
