package analyzers_test

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/report"
)

// TestWrapped checks that every analyzer of the suite goes through
// report.Wrap (it requires the shared directives): one that does not
// would ignore suppression comments and never report a stale one. And
// that every one requires inspect.Analyzer, the one syntax index of a
// package, rather than walking the package's files on its own; but for
// loopcapture, whose walk (over files before go1.22 only, with its own
// stack of enclosing loops) is being reworked with its join model, and
// ctxleak: it exports facts, so drivers run it on every dependency
// (the standard library included), and a prerequisite index would be
// built and, in process, kept for each of them (+100 MB peak on this
// module with -driver=inprocess); its gates walk only packages that
// import context.
func TestWrapped(t *testing.T) {
	for _, a := range analyzers.All() {
		if !slices.Contains(a.Requires, report.Directives) {
			t.Errorf("%s does not require report.Directives: wrap it with report.Wrap", a.Name)
		}
		if !slices.Contains(a.Requires, inspect.Analyzer) && a.Name != "loopcapture" && a.Name != "ctxleak" {
			t.Errorf("%s does not require inspect.Analyzer: whole-package syntax walks take the shared index", a.Name)
		}
	}
}
