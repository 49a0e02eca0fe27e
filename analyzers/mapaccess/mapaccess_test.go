package mapaccess_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/mapaccess"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// batch loads every testdata package once: loading the standard library
// from source is most of each analysistest.Run's cost.
var batch = analysistestutil.NewBatch(analysistest.TestData(), mapaccess.Analyzer,
	"shared", "guarded", "suppress", "issue13", "wrapped", "calls", "refresher", "escape")

func TestShared(t *testing.T) {
	results := batch.Run(t, "shared")
	analysistestutil.RequireRelated(t, results)
}

func TestGuarded(t *testing.T) {
	results := batch.Run(t, "guarded")
	analysistestutil.RequireRelated(t, results)
}

func TestSuppress(t *testing.T) {
	batch.Run(t, "suppress")
}

// TestIssue13 holds issue 13's false shapes 10-14 beside their twins.
func TestIssue13(t *testing.T) {
	results := batch.Run(t, "issue13")
	analysistestutil.RequireRelated(t, results)
}

// TestWrapped holds locks and WaitGroups taken through interfaces
// (syncthing's lib/sync) beside twins without the lock or the Wait.
func TestWrapped(t *testing.T) {
	results := batch.Run(t, "wrapped")
	analysistestutil.RequireRelated(t, results)
}

// TestCalls holds each shape with the access one and two calls away,
// beside the correct twins.
func TestCalls(t *testing.T) {
	results := batch.Run(t, "calls")
	analysistestutil.RequireRelated(t, results)
}

func TestRefresher(t *testing.T) {
	results := batch.Run(t, "refresher")
	analysistestutil.RequireRelated(t, results)
}

// TestEscape holds goroutines started behind a call (a constructor, a
// run method) and left running, beside the correct twins.
func TestEscape(t *testing.T) {
	results := batch.Run(t, "escape")
	analysistestutil.RequireRelated(t, results)
}
