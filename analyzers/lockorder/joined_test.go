package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// TestJoined checks that a method that waits for a receive loop to end
// (receives on the channel the loop closes as it returns) before taking
// locks the loop takes the other way round is silent, beside a twin that
// takes them first and waits after.
func TestJoined(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "joined")
	analysistestutil.RequireRelated(t, results)
}
