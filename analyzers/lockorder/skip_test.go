package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// TestSkips covers issue 15's paths that skip an unlock: a break or a
// branch that joins releasing paths at one return, a continue (also a
// labelled one) that brings the lock back to its Lock, beside twins that
// unlock and the correlated shapes (a flag, a condition tested twice, a
// conditional helper) that must stay silent.
func TestSkips(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "skip")
	analysistestutil.RequireRelated(t, results)
}
