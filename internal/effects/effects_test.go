package effects_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/effects"
)

func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), effects.Analyzer, "basic")
}
