package ctxleak_test

import (
	"go/ast"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/lostcancel"

	"github.com/concurlint/concurlint/analyzers/ctxleak"
)

// quiet collects analysistest's complaints instead of failing: the
// comparison below decides what matters.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// TestLostcancelTestdata runs go vet's lostcancel and ctxleak over
// lostcancel's own testdata (from the x/tools module this project
// builds with) and checks that every function lostcancel reports,
// ctxleak reports too, and that ctxleak reports no other function.
func TestLostcancelTestdata(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/tools").Output()
	if err != nil {
		t.Skipf("x/tools module not found: %v", err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), "go", "analysis", "passes", "lostcancel", "testdata")
	dir := t.TempDir()
	copyStripped(t, src, dir)
	pkgs := []string{"a", "b", "typeparams"}
	want := reportedFuncs(analysistest.Run(quiet{}, dir, lostcancel.Analyzer, pkgs...))
	got := reportedFuncs(analysistest.Run(quiet{}, dir, ctxleak.Analyzer, pkgs...))
	if len(want) == 0 {
		t.Fatal("lostcancel reported nothing: the testdata did not load")
	}
	for f := range want {
		if !got[f] {
			t.Errorf("lostcancel reports %s, ctxleak does not", f)
		}
	}
	for f := range got {
		if !want[f] {
			t.Errorf("ctxleak reports %s, lostcancel does not", f)
		}
	}
	t.Logf("functions reported by both: %s", strings.Join(sortedKeys(want), ", "))
}

// reportedFuncs names the functions (file:line of their declaration)
// that hold a diagnostic.
func reportedFuncs(results []*analysistest.Result) map[string]bool {
	out := map[string]bool{}
	for _, r := range results {
		pass := r.Pass
		for _, d := range r.Diagnostics {
			if f := enclosingFunc(pass, d); f != "" {
				out[f] = true
			}
		}
	}
	return out
}

func enclosingFunc(pass *analysis.Pass, d analysis.Diagnostic) string {
	var best ast.Node
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				if n.Pos() <= d.Pos && d.Pos <= n.End() {
					best = n
				}
			}
			return true
		})
	}
	if best == nil {
		return ""
	}
	p := pass.Fset.Position(best.Pos())
	return filepath.Base(p.Filename) + ":" + itoa(p.Line)
}

func itoa(n int) string { return strings.TrimSpace(token.Position{Line: n}.String()) }

func sortedKeys(m map[string]bool) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// copyStripped copies a testdata tree without its want comments.
func copyStripped(t *testing.T, src, dst string) {
	t.Helper()
	want := regexp.MustCompile(`[ \t]*// want .*`)
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, []byte(want.ReplaceAllString(string(data), "")), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
