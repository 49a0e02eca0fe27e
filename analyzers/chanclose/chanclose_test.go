package chanclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/chanclose"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// batch loads every testdata package once: loading the standard library
// from source is most of each analysistest.Run's cost.
var batch = analysistestutil.NewBatch(analysistest.TestData(), chanclose.Analyzer,
	"close", "suppress", "nilled", "counted", "remade", "wrapped", "calls", "fields")

func TestClose(t *testing.T) {
	results := batch.Run(t, "close")
	analysistestutil.RequireRelated(t, results)
}

func TestSuppress(t *testing.T) {
	batch.Run(t, "suppress")
}

// TestIssue13 holds issue 13's shape 19 (nilled) and the corpus's
// counted receive loops (counted) and channel variables made again
// before each start (remade), beside their twins.
func TestIssue13(t *testing.T) {
	results := batch.Run(t, "nilled", "counted", "remade")
	analysistestutil.RequireRelated(t, results)
}

// TestWrapped holds WaitGroups and locks taken through interfaces
// (syncthing's lib/sync) beside twins without the Wait.
func TestWrapped(t *testing.T) {
	results := batch.Run(t, "wrapped")
	analysistestutil.RequireRelated(t, results)
}

// TestCalls holds each shape with the close or the send one and two
// calls away, beside the correct twins.
func TestCalls(t *testing.T) {
	results := batch.Run(t, "calls")
	analysistestutil.RequireRelated(t, results)
}

// TestFields holds channels in struct fields closed by one method while
// another sends, through calls too, beside the correct twins.
func TestFields(t *testing.T) {
	results := batch.Run(t, "fields")
	analysistestutil.RequireRelated(t, results)
}
