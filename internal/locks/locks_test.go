package locks_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/locks"
)

// TestSummaries checks the exported facts: every fact must match a
// want comment, so summaries cannot grow unnoticed.
func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), locks.Analyzer, "summaries", "gatefacts")
}
