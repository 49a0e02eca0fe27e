package chanclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/chanclose"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

func TestClose(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "close")
	analysistestutil.RequireRelated(t, results)
}

func TestSuppress(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "suppress")
}

// TestIssue13 holds issue 13's shape 19 (nilled) and the corpus's
// counted receive loops (counted) and channel variables made again
// before each start (remade), beside their twins.
func TestIssue13(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "nilled", "counted", "remade")
	analysistestutil.RequireRelated(t, results)
}

// TestWrapped holds WaitGroups and locks taken through interfaces
// (syncthing's lib/sync) beside twins without the Wait.
func TestWrapped(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "wrapped")
	analysistestutil.RequireRelated(t, results)
}

// TestCalls holds each shape with the close or the send one and two
// calls away, beside the correct twins.
func TestCalls(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "calls")
	analysistestutil.RequireRelated(t, results)
}

// TestFields holds channels in struct fields closed by one method while
// another sends, through calls too, beside the correct twins.
func TestFields(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "fields")
	analysistestutil.RequireRelated(t, results)
}
