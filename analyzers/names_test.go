package analyzers_test

import (
	"slices"
	"testing"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/report"
)

// TestSuppressionNames keeps the names report checks directives against
// in step with the suite: a directive naming an analyzer not listed
// there is reported as a typo.
func TestSuppressionNames(t *testing.T) {
	var names []string
	for _, a := range analyzers.All() {
		names = append(names, a.Name)
	}
	if !slices.Equal(names, report.Names) {
		t.Errorf("report.Names = %q, want the suite's %q", report.Names, names)
	}
}
