package locks_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// handOverReporter reports each return that hands a held lock to the
// caller (FuncFlow.HandsOver) and each Lock whose lock another
// goroutine releases (Result.HandedOff).
var handOverReporter = &analysis.Analyzer{
	Name:     "handover",
	Doc:      "report hand-overs of locks, for tests",
	Requires: []*analysis.Analyzer{locks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[locks.Analyzer].(*locks.Result)
		for _, fl := range res.Flows {
			for _, r := range fl.Returns {
				for _, h := range r.Held {
					if fl.HandsOver(r.Instr, h) {
						pass.Reportf(ssautil.ReturnPos(fl.Fn, r.Instr), "hands %s to the caller", h.Ref.Name())
					}
				}
			}
			for _, a := range fl.Acquisitions {
				h := locks.Held{Ref: a.Ref, Mode: a.Mode, Pos: a.Pos}
				if a.Direct() && res.HandedOff(fl, h) {
					pass.Reportf(a.Pos, "%s is released by another goroutine", a.Ref.Name())
				}
			}
		}
		return nil, nil
	},
}

// TestHandOver checks which held locks the model sees handed over: to
// the caller through a result that is the mutex or an object whose
// methods release it, or to another goroutine that unlocks it.
func TestHandOver(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), handOverReporter, "handover")
}

// TestSealedModel checks that asking the model about hand-overs after
// it is sealed, which looks up callees run never did (method
// expressions' thunks), adds nothing to its flows: the report
// analyzers ask on goroutines of their own while others read them.
func TestSealedModel(t *testing.T) {
	asker := *handOverReporter
	asker.Run = func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[locks.Analyzer].(*locks.Result)
		before := len(res.ByFunc)
		out, err := handOverReporter.Run(pass)
		if after := len(res.ByFunc); after != before {
			t.Errorf("%s: the sealed model's flows grew from %d to %d", pass.Pkg.Path(), before, after)
		}
		return out, err
	}
	analysistest.Run(t, analysistest.TestData(), &asker, "handover")
}
