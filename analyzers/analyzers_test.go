package analyzers_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers"
)

// quiet ignores analysistest's expectations: this test asks only that
// no analyzer panics.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// TestNoPanics runs every analyzer in the suite over shapes that are
// easy to get wrong (generics, self-assignment, goto, labelled loops,
// method values, recursion). A panic fails the test.
func TestNoPanics(t *testing.T) {
	for _, a := range analyzers.All() {
		t.Run(a.Name, func(t *testing.T) {
			for _, r := range analysistest.Run(quiet{}, analysistest.TestData(), a, "stress") {
				if r.Err != nil {
					t.Errorf("%s: %v", a.Name, r.Err)
				}
			}
		})
	}
}
