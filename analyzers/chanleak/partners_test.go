package chanleak_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// TestRunLoop holds shape 4, a send to a run loop that has left, with
// the loop and the sender across calls and struct fields, beside the
// silent twins.
func TestRunLoop(t *testing.T) {
	results := batch.Run(t, "runloop")
	analysistestutil.RequireRelated(t, results)
}

// TestWait holds shape 5, Waits that cannot return (a goroutine that
// returns without Done, one blocked on a send received only after the
// Wait), beside the seed guide's WaitGroup patterns.
func TestWait(t *testing.T) {
	results := batch.Run(t, "wait", "waitsend")
	analysistestutil.RequireRelated(t, results)
}
