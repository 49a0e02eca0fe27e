package ctxleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/ctxleak"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

func TestLeak(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), ctxleak.Analyzer, "leak")
	analysistestutil.Contains(t, results,
		"[leak.go:26: this return is reached without calling or handing on cancel]",
		"[leak.go:50: context made here]",
	)
}

func TestWrapperFact(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxleak.Analyzer, "wrap", "usewrap")
}

func TestSuppress(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxleak.Analyzer, "suppress")
}
