package locks_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// runLoopReporter reports, at each method's declaration, the run loop
// whose goroutine alone runs it: "run loop L" when the loop is known to
// start once per object (Result.RunLoop), "run loop L, if started once"
// when that rests on its one starter running once per object
// (Result.OneGoroutine only).
var runLoopReporter = &analysis.Analyzer{
	Name:     "runloop",
	Doc:      "report the run loop each function runs on only, for tests",
	Requires: []*analysis.Analyzer{locks.Analyzer, ssabuild.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[locks.Analyzer].(*locks.Result)
		for _, fn := range pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get().SrcFuncs {
			root := res.OneGoroutine(fn)
			if root == nil {
				continue
			}
			if certain, owned := res.RunLoop(fn); certain == root && owned {
				pass.Reportf(fn.Pos(), "run loop %s", locks.ShortFunc(root))
			} else {
				pass.Reportf(fn.Pos(), "run loop %s, if started once", locks.ShortFunc(root))
			}
		}
		return nil, nil
	},
}

// TestRunLoop checks which functions the model finds only one
// goroutine runs per object: a run loop started once on an object just
// made, one started at a single place on an object it was given (a
// Start method), and the methods only they call; and that a method
// also called from an exported method, started twice, in a loop, or
// used as a value may run on any goroutine.
func TestRunLoop(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), runLoopReporter, "runloop")
}
