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

func TestCalls(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), ctxleak.Analyzer, "calls")
	analysistestutil.Contains(t, results,
		"calls.go:96: stopOnError calls cancel on some paths only]",
		"calls.go:114: logOnly never calls cancel]",
	)
}

func TestCallsFact(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxleak.Analyzer, "helpers", "usehelpers")
}

func TestHolders(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxleak.Analyzer, "holders", "useholders")
}
