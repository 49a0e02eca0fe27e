package report_test

import (
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/report"
)

// quiet ignores analysistest's expectations: this test asks only how
// often the directives were read.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// TestParsedOncePerPackage runs the whole suite in one analysis graph
// over fixtures with findings and directives, and checks that each
// package's comments were read once, not once per analyzer, and that
// the suite still reported (the directive checks included).
func TestParsedOncePerPackage(t *testing.T) {
	var mu sync.Mutex
	runs := map[string]int{}
	parse := report.Directives.Run
	report.Directives.Run = func(pass *analysis.Pass) (any, error) {
		mu.Lock()
		runs[pass.Pkg.Path()]++
		mu.Unlock()
		return parse(pass)
	}
	defer func() { report.Directives.Run = parse }()

	suite := analyzers.All()
	reported := 0
	for _, a := range suite {
		a := a
		run := a.Run
		a.Run = func(pass *analysis.Pass) (any, error) {
			inner := *pass
			inner.Report = func(d analysis.Diagnostic) {
				mu.Lock()
				reported++
				mu.Unlock()
				pass.Report(d)
			}
			return run(&inner)
		}
		defer func() { a.Run = run }()
	}
	all := &analysis.Analyzer{Name: "all", Doc: "the suite", Requires: suite, Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	dir, err := filepath.Abs(filepath.Join("..", "..", "analyzers", "chanclose", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range analysistest.Run(quiet{}, dir, all, "suppress") {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if runs["suppress"] != 1 {
		t.Errorf("the directives of package suppress were read %d times, want once", runs["suppress"])
	}
	for pkg, n := range runs {
		if n != 1 {
			t.Errorf("the directives of package %s were read %d times, want once", pkg, n)
		}
	}
	if reported == 0 {
		t.Error("the suite reported nothing on its fixture: the test proves nothing")
	}
}
