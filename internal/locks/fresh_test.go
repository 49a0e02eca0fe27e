package locks_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/locks"
)

// summaryReporter reports the summary of each unexported function that
// has one: those summaries are not exported as facts (locks.Importable).
var summaryReporter = &analysis.Analyzer{
	Name:     "summaries",
	Doc:      "report unexported functions' summaries, for tests",
	Requires: []*analysis.Analyzer{locks.Flows},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[locks.Flows].(*locks.Result)
		for _, fl := range res.Flows {
			if fl.Fn.Object() != nil && !fl.Fn.Object().Exported() && fl.Summary != nil && fl.Summary.String() != "" {
				pass.Reportf(fl.Fn.Pos(), "summary: %s", fl.Summary)
			}
		}
		return nil, nil
	},
}

// TestFreshCallee checks that a callee only ever passed fresh objects
// orders nothing, from the summary itself: it is an unexported
// function's, so no fact shows it.
func TestFreshCallee(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), summaryReporter, "freshcallee")
}
