package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// TestNeverNil checks that a self-deadlock under a branch taken only
// when a field every maker sets and nothing clears is nil is silent,
// beside twins whose field starts out nil or is cleared.
func TestNeverNil(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "nevernil")
	analysistestutil.RequireRelated(t, results)
}
