package analyzers_test

import (
	"slices"
	"testing"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/report"
)

// TestWrapped checks that every analyzer of the suite goes through
// report.Wrap (it requires the shared directives): one that does not
// would ignore suppression comments and never report a stale one.
func TestWrapped(t *testing.T) {
	for _, a := range analyzers.All() {
		if !slices.Contains(a.Requires, report.Directives) {
			t.Errorf("%s does not require report.Directives: wrap it with report.Wrap", a.Name)
		}
	}
}
