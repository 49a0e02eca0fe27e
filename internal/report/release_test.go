package report_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/report"
)

// quiet ignores analysistest's expectations: this test asks only what
// is left behind.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// TestStateReleased runs every analyzer over fixtures with findings and
// suppression directives (used, unused and without a reason) and checks
// that no pass's state is left in the package-level map afterwards.
func TestStateReleased(t *testing.T) {
	suite, err := filepath.Abs(filepath.Join("..", "..", "analyzers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range analyzers.All() {
		dir := filepath.Join(suite, a.Name, "testdata")
		pattern := "suppress"
		if a.Name == "loopcapture" {
			dir, pattern = filepath.Join(dir, "go121"), "example.com/loopcapture/suppress"
		}
		results := analysistest.Run(quiet{}, dir, a, pattern)
		results = append(results, analysistest.Run(quiet{}, filepath.Join(suite, "testdata"), a, "stress")...)
		reported := 0
		for _, r := range results {
			if r.Err != nil {
				t.Fatalf("%s: %v", a.Name, r.Err)
			}
			reported += len(r.Diagnostics)
		}
		if reported == 0 {
			t.Fatalf("%s reported nothing on its fixtures: the test proves nothing", a.Name)
		}
		if n := report.Pending(); n != 0 {
			t.Errorf("after %s: %d passes' suppression state not released", a.Name, n)
		}
	}
}
