package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// TestHandOver checks that a lock whose ownership the code hands on by
// design (to the caller through a result, or to another goroutine) is
// neither a leak nor still held on a loop's next pass, beside buggy
// twins that keep the lock with no one to release it.
func TestHandOver(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "handover")
	analysistestutil.RequireRelated(t, results)
}
