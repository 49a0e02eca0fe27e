package analyzers_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/checker"

	"github.com/concurlint/concurlint/analyzers"
)

// TestNoPanics runs every analyzer in the suite over shapes that are
// easy to get wrong (generics, self-assignment, goto, labelled loops,
// method values, recursion). A panic fails the test. The fixture is
// loaded once for all analyzers, as the standalone driver does.
func TestNoPanics(t *testing.T) {
	root := t.TempDir()
	copyFiles(t, filepath.Join("testdata", "src", "stress"), filepath.Join(root, "src", "stress"))
	graph, err := checker.Analyze(analyzers.All(), load(t, root, "stress"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(graph.Roots) != len(analyzers.All()) {
		t.Fatalf("%d root actions, want one per analyzer", len(graph.Roots))
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
	}
}
