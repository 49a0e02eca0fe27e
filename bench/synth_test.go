package bench

import (
	"path/filepath"
	"testing"

	"github.com/concurlint/concurlint/analyzers"
)

// TestFindings runs the suite on a small generated package: it must
// type-check, and the only findings must be bugs.go's, one for each
// kind of report, so that the benchmarks measure mostly clean code and
// still exercise the reporting path.
func TestFindings(t *testing.T) {
	pkgs := load(t, 3)
	found := analyze(t, analyzers.All(), pkgs)
	want := map[string]int{"chanclose": 1, "ctxleak": 1, "lockorder": 2, "loopcapture": 1, "mapaccess": 1}
	for name, ds := range found {
		if len(ds) != want[name] {
			t.Errorf("%s: %d findings, want %d", name, len(ds), want[name])
		}
		for _, d := range ds {
			pos := pkgs[0].Fset.Position(d.Pos)
			if filepath.Base(pos.Filename) != "bugs.go" {
				t.Errorf("%s: finding outside bugs.go: %s: %s", name, pos, d.Message)
			}
		}
	}
}
