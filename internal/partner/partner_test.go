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

// show reports, at each declared function, its operations as the model
// sees them: kind, class, and the lock classes taken and released
// before each.
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
		m := partner.New(pass.Fset, model, partner.IndexMakes(pass.Fset, fns), nil)
		for _, fn := range fns {
			if fn.Parent() != nil {
				continue
			}
			var parts []string
			for _, op := range m.Ops(fn) {
				parts = append(parts, describe(op))
			}
			if len(parts) > 0 {
				sort.Strings(parts)
				pass.Reportf(fn.Pos(), "%s", strings.Join(parts, "; "))
			}
		}
		return nil, nil
	},
}

func describe(op partner.Op) string {
	s := fmt.Sprintf("%s %s", op.Kind, short(op.Class))
	var taken []string
	for _, t := range op.Taken {
		taken = append(taken, short(t.Class))
	}
	if len(taken) > 0 {
		sort.Strings(taken)
		s += " after " + strings.Join(taken, ",")
	}
	if len(op.Released) > 0 {
		s += " released " + strings.Join(op.Released, ",")
	}
	if op.Deferred {
		s += " deferred"
	}
	if op.Default {
		s += " default"
	}
	return s
}

func short(class string) string { return locks.ShortClass(class) }

// TestOps checks the operations the model lists per function: direct,
// through calls, deferred, in loops, with the locks taken before them,
// and a channel parameter named by its callers' argument.
func TestOps(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), show, "a")
}
