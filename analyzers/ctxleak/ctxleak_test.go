package ctxleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/ctxleak"
	"github.com/concurlint/concurlint/internal/analysistestutil"
	"github.com/concurlint/concurlint/internal/spawn"
)

// batch loads every testdata package once: loading the standard library
// from source is most of each analysistest.Run's cost.
var batch = analysistestutil.NewBatch(analysistest.TestData(), ctxleak.Analyzer,
	"leak", "wrap", "usewrap", "suppress", "calls", "helpers", "usehelpers", "holders", "useholders", "stranded")

func TestLeak(t *testing.T) {
	results := batch.Run(t, "leak")
	analysistestutil.Contains(t, results,
		"[leak.go:26: this return is reached without calling or handing on cancel]",
		"[leak.go:50: context made here]",
	)
}

func TestWrapperFact(t *testing.T) {
	batch.Run(t, "wrap", "usewrap")
}

func TestSuppress(t *testing.T) {
	batch.Run(t, "suppress")
}

// TestSpawned checks that every spawner of the shared table starts a
// goroutine for ctxleak: WaitGroup.Go, time.AfterFunc, a spawner of
// another package inferred through its fact, one of this package, and
// one the user names.
func TestSpawned(t *testing.T) {
	if err := spawn.User.Set("spawned.mine"); err != nil {
		t.Fatal(err)
	}
	defer spawn.User.Reset()
	analysistest.Run(t, analysistest.TestData(), ctxleak.Analyzer, "spawned")
}

func TestCalls(t *testing.T) {
	results := batch.Run(t, "calls")
	analysistestutil.Contains(t, results,
		"calls.go:96: stopOnError calls cancel on some paths only]",
		"calls.go:114: logOnly never calls cancel]",
	)
}

func TestCallsFact(t *testing.T) {
	batch.Run(t, "helpers", "usehelpers")
}

func TestHolders(t *testing.T) {
	batch.Run(t, "holders", "useholders")
}

func TestStranded(t *testing.T) {
	results := batch.Run(t, "stranded")
	analysistestutil.RequireRelated(t, results)
}
