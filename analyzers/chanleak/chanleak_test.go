package chanleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/chanleak"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// batch loads every testdata package once: loading the standard library
// from source is most of each analysistest.Run's cost.
var batch = analysistestutil.NewBatch(analysistest.TestData(), chanleak.Analyzer,
	"sender", "receiver", "nopartner", "silent", "calls", "mainexit", "runloop", "wait", "waitsend")

// TestSender holds abandoned senders beside their silent twins.
func TestSender(t *testing.T) {
	results := batch.Run(t, "sender")
	analysistestutil.RequireRelated(t, results)
}

// TestReceiver holds receivers nobody signals (no partner, an early
// return without a close, a range over a channel nothing closes) beside
// their silent twins.
func TestReceiver(t *testing.T) {
	results := batch.Run(t, "receiver")
	analysistestutil.RequireRelated(t, results)
}

// TestFix applies make(chan T) → make(chan T, 1) where one slot gives
// every pending send room, and offers nothing where it does not.
func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), chanleak.Analyzer, "fix")
}

// TestNoPartner holds sends and receives that no other goroutine can
// ever match, beside their silent twins.
func TestNoPartner(t *testing.T) {
	results := batch.Run(t, "nopartner")
	analysistestutil.RequireRelated(t, results)
}

// TestSilent holds the ✅ shapes of the seed guide and the issue.
func TestSilent(t *testing.T) {
	batch.Run(t, "silent")
}

// TestCalls holds the shapes with the operation one and two calls away.
func TestCalls(t *testing.T) {
	results := batch.Run(t, "calls")
	analysistestutil.RequireRelated(t, results)
}

// TestMainExit: main's return ends the process; nothing is left blocked.
func TestMainExit(t *testing.T) {
	batch.Run(t, "mainexit")
}
