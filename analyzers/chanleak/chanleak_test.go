package chanleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/chanleak"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// TestSender holds abandoned senders beside their silent twins.
func TestSender(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), chanleak.Analyzer, "sender")
	analysistestutil.RequireRelated(t, results)
}
