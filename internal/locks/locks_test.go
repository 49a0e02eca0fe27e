package locks_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/locks"
)

// TestSummaries checks the exported function summaries: every fact must
// match a want comment, so summaries cannot grow unnoticed.
func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), locks.Flows, "summaries", "gatefacts")
}

// TestEdgeFacts checks the lock-order edges exported for importers: a
// package passes on those of its imports.
func TestEdgeFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), locks.Analyzer, "edgefacts")
}
