// Package analysistestutil holds test helpers the analyzers share.
// analysistest checks a diagnostic's message and position but not its
// related information, which is how concurlint points at "the other
// side" of every finding, so these helpers check that part.
package analysistestutil

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// Related renders every diagnostic of results with its related
// information, one line per diagnostic in a stable order:
//
//	file.go:12: message [file.go:9: declared here; file.go:11: started here]
func Related(results []*analysistest.Result) []string {
	var lines []string
	seen := make(map[string]bool)
	for _, r := range results {
		fset := r.Action.Package.Fset
		for _, d := range r.Diagnostics {
			pos := fset.Position(d.Pos)
			var rel []string
			for _, ri := range d.Related {
				rp := fset.Position(ri.Pos)
				rel = append(rel, fmt.Sprintf("%s:%d: %s", filepath.Base(rp.Filename), rp.Line, ri.Message))
			}
			line := fmt.Sprintf("%s:%d: %s [%s]", filepath.Base(pos.Filename), pos.Line, d.Message, strings.Join(rel, "; "))
			if !seen[line] { // a file shared by a package and its test variant
				seen[line] = true
				lines = append(lines, line)
			}
		}
	}
	sort.Strings(lines)
	return lines
}

// RequireRelated fails the test for any diagnostic in results without
// related information, or whose related positions are invalid.
func RequireRelated(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	for _, r := range results {
		fset := r.Action.Package.Fset
		for _, d := range r.Diagnostics {
			if len(d.Related) == 0 {
				t.Errorf("%s: %q has no related information", fset.Position(d.Pos), d.Message)
			}
			for _, ri := range d.Related {
				if !ri.Pos.IsValid() {
					t.Errorf("%s: %q: related %q has no position", fset.Position(d.Pos), d.Message, ri.Message)
				}
			}
		}
	}
}

// Contains fails the test unless some line of Related(results)
// contains each of wants.
func Contains(t *testing.T, results []*analysistest.Result, wants ...string) {
	t.Helper()
	lines := Related(results)
	for _, want := range wants {
		found := false
		for _, l := range lines {
			if strings.Contains(l, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no diagnostic contains %q; got:\n%s", want, strings.Join(lines, "\n"))
		}
	}
}
