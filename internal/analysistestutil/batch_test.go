package analysistestutil

import (
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// badFuncs reports every function named Bad.
var badFuncs = &analysis.Analyzer{
	Name: "badfuncs",
	Doc:  "report functions named Bad",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "Bad" {
					pass.Reportf(fn.Pos(), "function Bad")
				}
			}
		}
		return nil, nil
	},
}

// TestBatchOwners checks that each error analysistest finds in a batch
// goes to the test of the package whose file it names, and that each
// test gets its own package's results.
func TestBatchOwners(t *testing.T) {
	b := NewBatch(analysistest.TestData(), badFuncs, "a", "b")
	b.analyse()
	owners := map[string]string{}
	for _, err := range b.errs {
		owners[b.owner(err)] += err + "\n"
	}
	if got := owners["a"]; !strings.Contains(got, "a/a.go:5: no diagnostic was reported") || strings.Count(got, "\n") != 1 {
		t.Errorf("a's errors = %q, want its unmet expectation only", got)
	}
	if got := owners["b"]; !strings.Contains(got, "b/b.go:4:1: unexpected diagnostic: function Bad") || strings.Count(got, "\n") != 1 {
		t.Errorf("b's errors = %q, want its unexpected diagnostic only", got)
	}
	if len(owners) != 2 {
		t.Errorf("errors by owner = %q, want a's and b's only", owners)
	}
	for _, r := range b.results {
		if p := basePath(r.Action.Package.PkgPath); p != "a" && p != "b" {
			t.Errorf("result for %s, want a and b only", p)
		}
	}
}
