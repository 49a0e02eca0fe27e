package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// TestKinds checks that locks of objects whose kinds never coincide
// close no cycle.
func TestKinds(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "kinds")
	analysistestutil.RequireRelated(t, results)
}
