package analyzers

import (
	"os"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestNogoContract checks what Bazel's nogo (and any go/analysis driver
// that takes analyzers by package) relies on: one analyzer package per
// directory of analyzers/, whose exported Analyzer has the directory's
// name, and an analyzer graph that validates.
func TestNogoContract(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "testdata" {
			dirs = append(dirs, e.Name())
		}
	}
	var names []string
	for _, a := range All() {
		names = append(names, a.Name)
	}
	if !slices.Equal(names, dirs) {
		t.Errorf("analyzers %q, directories %q: each analyzers/NAME must hold the Analyzer named NAME, and All must list it", names, dirs)
	}
	if err := analysis.Validate(All()); err != nil {
		t.Error(err)
	}
}
