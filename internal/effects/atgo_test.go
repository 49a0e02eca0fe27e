package effects_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// atGo reports, at each go statement, the effects AtGo finds: those of
// the function values the goroutine's function calls.
var atGo = &analysis.Analyzer{
	Name:     "atgo",
	Doc:      "test: effects.AtGo at go statements",
	Requires: []*analysis.Analyzer{ssabuild.Analyzer, effects.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[effects.Analyzer].(*effects.Result)
		for _, fn := range pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get().SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if g, ok := instr.(*ssa.Go); ok {
						for _, op := range res.AtGo(g, effects.AllKinds) {
							pass.Reportf(g.Pos(), "%s %s", op.Kind, op.Ref.Name())
						}
					}
				}
			}
		}
		return nil, nil
	},
}

// TestAtGo checks the effects of function values a go statement's
// function calls: through a bound method two helpers deep and a
// closure, and none for a value only stored or the body's own effects.
func TestAtGo(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atGo, "atgo")
}
