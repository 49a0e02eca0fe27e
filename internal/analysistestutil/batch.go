package analysistestutil

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// A Batch runs one analyzer with analysistest once over many testdata
// packages and hands each test its share of the results and errors.
//
// analysistest loads every package from source, with the standard
// library it imports (runtime, sync, time, testing, ...): about a second
// of parsing and type checking per analysistest.Run on a 2-core machine,
// and most of a test package's time when it has twenty Runs. A Batch
// loads and analyses the standard library once for all its packages.
//
// A test that sets an analyzer flag needs a Run of its own: the batch
// runs with the flags as they are when its first test asks.
type Batch struct {
	dir      string
	analyzer *analysis.Analyzer
	pkgs     []string

	once    sync.Once
	results []*analysistest.Result
	errs    []string
}

// NewBatch returns a batch of pkgs, GOPATH-style packages under
// dir/src, as analysistest.Run takes them.
func NewBatch(dir string, a *analysis.Analyzer, pkgs ...string) *Batch {
	return &Batch{dir: dir, analyzer: a, pkgs: pkgs}
}

// Run fails t with every error analysistest found in the files of pkgs
// (unexpected diagnostics and facts, unmet "want" comments) and every
// error tied to no package of the batch (loading failed, say), and
// returns the results of pkgs and their test variants, as
// analysistest.Run(t, dir, a, pkgs...) would.
func (b *Batch) Run(t *testing.T, pkgs ...string) []*analysistest.Result {
	t.Helper()
	for _, p := range pkgs {
		if !slices.Contains(b.pkgs, p) {
			t.Fatalf("package %s is not in the batch %v", p, b.pkgs)
		}
	}
	b.analyse()
	for _, err := range b.errs {
		owner := b.owner(err)
		if owner == "" || slices.Contains(pkgs, owner) {
			t.Error(err)
		}
	}
	var mine []*analysistest.Result
	for _, r := range b.results {
		if slices.Contains(pkgs, basePath(r.Action.Package.PkgPath)) {
			mine = append(mine, r)
		}
	}
	return mine
}

// analyse runs analysistest over the whole batch, once.
func (b *Batch) analyse() {
	b.once.Do(func() {
		b.results = analysistest.Run(recorder{&b.errs}, b.dir, b.analyzer, b.pkgs...)
	})
}

// owner returns the batch package whose directory holds the file an
// analysistest error starts with ("pkg/file.go:12: ..." relative to
// dir/src in GOPATH mode, absolute in module mode), or "" for an error
// tied to no one package.
func (b *Batch) owner(err string) string {
	file, _, ok := strings.Cut(err, ":")
	if !ok {
		return ""
	}
	dir := filepath.Dir(filepath.FromSlash(file))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(b.dir, "src", dir)
	}
	for _, r := range b.results {
		pkg := r.Action.Package
		if len(pkg.GoFiles) > 0 && filepath.Dir(pkg.GoFiles[0]) == dir && slices.Contains(b.pkgs, basePath(pkg.PkgPath)) {
			return basePath(pkg.PkgPath)
		}
	}
	return ""
}

// basePath folds a package's test variants ("p_test", the "p.test"
// main) into p.
func basePath(path string) string {
	path = strings.TrimSuffix(path, ".test")
	return strings.TrimSuffix(path, "_test")
}

// recorder is the analysistest.Testing of a batch: it keeps the errors
// for the tests to claim.
type recorder struct{ errs *[]string }

func (r recorder) Errorf(format string, args ...any) {
	*r.errs = append(*r.errs, fmt.Sprintf(format, args...))
}
