package effects_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/effects"
)

// TestSummaries checks summaries as facts: paths in the function's own
// terms, through calls, sync.Once, recursion, across packages, and
// through interface calls with several implementations (dispatch).
func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), effects.Analyzer, "basic", "user", "dispatch")
}
