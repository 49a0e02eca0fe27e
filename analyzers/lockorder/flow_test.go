package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// TestFlow covers issue 13's held-lock flow shapes: unpublished
// objects, hand-offs, range-over-func bodies, closures shared by
// closures and hand-over-hand traversal, each beside a buggy twin.
func TestFlow(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "flow")
	analysistestutil.RequireRelated(t, results)
}
