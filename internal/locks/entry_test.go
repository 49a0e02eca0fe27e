package locks_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/locks"
)

// entryReporter reports each function's entry lockset at its
// declaration.
var entryReporter = &analysis.Analyzer{
	Name:     "entryheld",
	Doc:      "report entry locksets, for tests",
	Requires: []*analysis.Analyzer{locks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[locks.Analyzer].(*locks.Result)
		for _, fl := range res.Flows {
			var names []string
			for _, h := range res.EntryHeld(fl.Fn) {
				name := h.Ref.Name()
				if h.Mode == locks.Read {
					name += " (read)"
				}
				names = append(names, name)
			}
			if len(names) > 0 {
				pass.Reportf(fl.Fn.Pos(), "entry: %s", strings.Join(names, ", "))
			}
		}
		return nil, nil
	},
}

// TestEntryHeld checks the locks every caller holds, in the callee's
// terms, and that a function some caller may reach unseen has none.
func TestEntryHeld(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), entryReporter, "entry")
}
