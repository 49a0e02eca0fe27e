package effects_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// complete reports each channel parameter whose effects Complete does
// not vouch for.
var complete = &analysis.Analyzer{
	Name:     "complete",
	Doc:      "test: effects.Complete on channel parameters",
	Requires: []*analysis.Analyzer{ssabuild.Analyzer, effects.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[effects.Analyzer].(*effects.Result)
		for _, fn := range pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get().SrcFuncs {
			for i, p := range fn.Params {
				if p.Name() == "ch" && !res.Complete(fn, i) {
					pass.Reportf(fn.Pos(), "out of sight")
				}
			}
		}
		return nil, nil
	},
}

// TestComplete checks which parameters a summary sees every channel
// operation on: direct operations and plain helpers, not a spilled
// parameter set to nil, a closure, a go statement or an interface.
func TestComplete(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), complete, "complete")
}
