package analyzers_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// The robustness tests run the whole suite, the way the drivers do (one
// checker.Analyze over every analyzer, facts gob-encoded between
// packages), over code that is hard to analyse: packages that do not
// type-check, cgo, heavy generics, a generated 20,000-line function and
// a function of thousands of assignments mixing contexts and locks. A
// panic crashes the test binary; an analyzer error fails the test.

// wellTyped are the committed fixtures (testdata/src/robust*) that
// type-check; robustbig and robustmany are generated into the same tree.
var wellTyped = []string{"robustcgo", "robustgenerics", "robustbig", "robustmany"}

// illTyped do not type-check: robustbroken has type errors, robustsyntax
// parse errors, and robustusesbroken imports robustbroken.
var illTyped = []string{"robustbroken", "robustsyntax", "robustusesbroken"}

// robustTree copies the committed robust* fixtures into a fresh GOPATH
// tree and generates the large ones there; it returns the tree's root.
func robustTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join(analysistest.TestData(), "src")
	for _, pkg := range append(wellTyped[:2:2], illTyped...) {
		copyFiles(t, filepath.Join(src, pkg), filepath.Join(root, "src", pkg))
	}
	writeFile(t, filepath.Join(root, "src", "robustbig", "big.go"), genBig(20000))
	writeFile(t, filepath.Join(root, "src", "robustmany", "many.go"), genMany(3000))
	return root
}

// load loads patterns from the GOPATH tree root as analysistest does.
func load(t *testing.T, root string, patterns ...string) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		Dir:  filepath.Join(root, "src"),
		Env:  append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOWORK=off", "GOFLAGS=", "CGO_ENABLED=1"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != len(patterns) {
		t.Fatalf("loaded %d packages for %d patterns", len(pkgs), len(patterns))
	}
	return pkgs
}

// analyze runs the suite over pkgs with the fact sanity check on (each
// fact crossing a package boundary is gob-encoded twice, compared and
// decoded), as analysistest does.
func analyze(t *testing.T, pkgs []*packages.Package) *checker.Graph {
	t.Helper()
	graph, err := checker.Analyze(analyzers.All(), pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	return graph
}

func TestRobustWellTyped(t *testing.T) {
	root := robustTree(t)
	pkgs := load(t, root, wellTyped...)
	for _, p := range pkgs {
		for _, err := range p.Errors {
			t.Fatalf("%s does not load cleanly: %v", p.PkgPath, err)
		}
	}
	graph := analyze(t, pkgs)
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			checkPosition(t, act, d, root)
		}
		if len(act.Diagnostics) > 0 {
			t.Logf("%s: %d findings", act, len(act.Diagnostics))
		}
	}
}

func TestRobustIllTyped(t *testing.T) {
	root := robustTree(t)
	pkgs := load(t, root, illTyped...)
	for _, p := range pkgs {
		if !p.IllTyped {
			t.Fatalf("%s type-checks; the fixture must not", p.PkgPath)
		}
	}

	// Every driver (checker, unitchecker, golangci-lint) skips an
	// analyzer on an ill-typed package unless it sets RunDespiteErrors,
	// and none of ours does: the suite must report nothing there.
	t.Run("skipped", func(t *testing.T) {
		for _, a := range closure(analyzers.All()) {
			if a.RunDespiteErrors && a != inspect.Analyzer {
				t.Errorf("%s sets RunDespiteErrors: go/ssa panics on ill-typed code, and this test must then check its findings there", a.Name)
			}
		}
		for act := range analyze(t, pkgs).All() {
			if !act.Package.IllTyped {
				continue // a dependency such as sync
			}
			if act.Analyzer == inspect.Analyzer {
				// x/tools' syntax index runs despite errors by
				// design; it reports nothing.
				if len(act.Diagnostics) > 0 || act.Err != nil {
					t.Errorf("%s: %d diagnostics, error %v", act, len(act.Diagnostics), act.Err)
				}
				continue
			}
			// The required analyzers are skipped; the analyzers that
			// require them fail for want of their results.
			if msg := fmt.Sprint(act.Err); msg != "analysis skipped due to errors in package" && !strings.HasPrefix(msg, "failed prerequisites: ") {
				t.Errorf("%s: error %v, want the driver's skip", act, act.Err)
			}
			for _, d := range act.Diagnostics {
				t.Errorf("%s: finding on an ill-typed package: %s: %s", act, act.Package.Fset.Position(d.Pos), d.Message)
			}
		}
	})

	// A driver that ran the suite anyway (gopls runs analyzers that set
	// RunDespiteErrors) must not crash and must not report on broken
	// code: no finding in a file that does not parse, or on a line with
	// a type error or marked BROKEN in the fixture. Only the analyzers
	// that do without SSA can run there: go/ssa requires well-typed
	// input and panics on these fixtures.
	t.Run("despite-errors", func(t *testing.T) {
		var syntactic []*analysis.Analyzer
		for _, a := range analyzers.All() {
			if !slices.Contains(closure([]*analysis.Analyzer{a}), ssabuild.Analyzer) {
				syntactic = append(syntactic, a)
			}
		}
		if len(syntactic) == 0 {
			t.Skip("every analyzer needs SSA")
		}
		for _, a := range closure(syntactic) {
			was := a.RunDespiteErrors
			a.RunDespiteErrors = true
			t.Cleanup(func() { a.RunDespiteErrors = was })
		}
		graph, err := checker.Analyze(syntactic, pkgs, &checker.Options{SanityCheck: true})
		if err != nil {
			t.Fatal(err)
		}
		broken := brokenLines(t, pkgs)
		for _, act := range graph.Roots {
			if act.Err != nil {
				t.Errorf("%s: %v", act, act.Err)
			}
			for _, d := range act.Diagnostics {
				checkPosition(t, act, d, root)
				for _, pos := range append([]token.Pos{d.Pos}, relatedPos(d)...) {
					p := act.Package.Fset.Position(pos)
					if broken[p.Filename][p.Line] || broken[p.Filename][0] {
						t.Errorf("%s: finding names broken code: %s: %s", act, p, d.Message)
					}
				}
				t.Logf("%s: %s: %s", act, act.Package.Fset.Position(d.Pos), d.Message)
			}
		}
	})
}

func relatedPos(d analysis.Diagnostic) []token.Pos {
	var out []token.Pos
	for _, r := range d.Related {
		out = append(out, r.Pos)
	}
	return out
}

// closure returns the analyzers and everything they require.
func closure(list []*analysis.Analyzer) []*analysis.Analyzer {
	seen := map[*analysis.Analyzer]bool{}
	var out []*analysis.Analyzer
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		out = append(out, a)
	}
	for _, a := range list {
		visit(a)
	}
	return out
}

// brokenLines maps each file to its broken lines: those with a type
// error or a BROKEN marker. Line 0 marks a whole file that fails to
// parse.
func brokenLines(t *testing.T, pkgs []*packages.Package) map[string]map[int]bool {
	broken := map[string]map[int]bool{}
	mark := func(file string, line int) {
		if broken[file] == nil {
			broken[file] = map[int]bool{}
		}
		broken[file][line] = true
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			file, line, ok := splitPos(e.Pos)
			if !ok {
				continue
			}
			if e.Kind == packages.ParseError {
				line = 0
			}
			mark(file, line)
		}
		for _, file := range p.GoFiles {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(data), "\n") {
				if strings.Contains(line, "BROKEN") {
					mark(file, i+1)
				}
			}
		}
	}
	return broken
}

// errorPos matches a packages.Error position: "file:line:col" or "file:line".
var errorPos = regexp.MustCompile(`^(.*?):(\d+)(?::\d+)?$`)

// splitPos splits a packages.Error position into file and line.
func splitPos(pos string) (string, int, bool) {
	m := errorPos.FindStringSubmatch(pos)
	if m == nil {
		return "", 0, false
	}
	line, err := strconv.Atoi(m[2])
	return m[1], line, err == nil
}

// checkPosition asserts that d (and its related information) points at
// a real line of a source file under root, not at a cgo-generated file
// or nowhere, and returns d's position.
func checkPosition(t *testing.T, act *checker.Action, d analysis.Diagnostic, root string) token.Position {
	t.Helper()
	fset := act.Package.Fset
	check := func(pos token.Pos, what string) token.Position {
		p := fset.Position(pos)
		if !pos.IsValid() || !strings.HasPrefix(p.Filename, root+string(filepath.Separator)) || p.Line < 1 {
			t.Errorf("%s: %s at a position outside the package's sources: %q (%s)", act, what, p, d.Message)
			return p
		}
		data, err := os.ReadFile(p.Filename)
		if err != nil || p.Line > bytes.Count(data, []byte("\n"))+1 {
			t.Errorf("%s: %s at a line beyond its file: %s (%s)", act, what, p, d.Message)
		}
		return p
	}
	p := check(d.Pos, "finding")
	for _, r := range d.Related {
		check(r.Pos, "related information")
	}
	return p
}

// genBig writes a file with one function of about n lines
// that locks, writes a guarded map and branches all the way through,
// making a context or starting a goroutine every 40 statements. (Denser
// spawns and contexts cost time that grows with their number times the
// function's size in mapaccess and ctxleak: a growth problem, not a
// robustness one, measured elsewhere.)
func genBig(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`// Written by robust_test.go (without the generated-code header: its findings are the point).

package robustbig

import (
	"context"
	"sync"
)

type T struct {
	mu sync.Mutex
	m  map[int]int
	ch chan int
}

func Big(ctx context.Context, t *T, n int) int {
	x := 0
	var wg sync.WaitGroup
`)
	for i, count := 0, 0; count < n; i++ {
		var stmt string
		switch kind := i % 8; {
		case kind == 4 && i%40 != 4, kind == 5 && i%40 != 5:
			stmt = fmt.Sprintf("\tx += n * %d\n", i)
		case kind <= 2:
			stmt = fmt.Sprintf("\tt.mu.Lock()\n\tt.m[%d] = x\n\tt.mu.Unlock()\n", i)
		case kind == 3:
			stmt = fmt.Sprintf("\tif n > %d {\n\t\tx += %d\n\t} else {\n\t\tx -= n\n\t}\n", i, i)
		case kind == 4:
			stmt = fmt.Sprintf("\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tt.ch <- x + %d\n\t}()\n", i)
		case kind == 5:
			stmt = fmt.Sprintf("\tif c, cancel := context.WithCancel(ctx); n == %d {\n\t\tcancel()\n\t} else {\n\t\tctx = c\n\t\t_ = cancel\n\t}\n", i)
		case kind == 6:
			stmt = fmt.Sprintf("\tfor j := range %d {\n\t\tx += j\n\t}\n", i%5+1)
		case kind == 7:
			stmt = fmt.Sprintf("\tt.m[%d] = x // unguarded\n", i)
		}
		b.WriteString(stmt)
		count += strings.Count(stmt, "\n")
	}
	b.WriteString("\twg.Wait()\n\treturn x\n}\n")
	return b.Bytes()
}

// genMany writes functions of n statements that assign cancel functions
// to each other, across branches, between lock operations (and start a
// goroutine every 60 statements): the shape that once made ctxleak's
// fresh-cancel search explode. Many holds its
// variables in memory (a deferred closure captures them); Lifted keeps
// them in registers, so the same code becomes a web of phis.
func genMany(n int) []byte {
	const vars = 64
	var b bytes.Buffer
	b.WriteString("package robustmany\n\nimport (\n\t\"context\"\n\t\"sync\"\n)\n\nvar mu sync.Mutex\n\nvar shared = map[int]int{}\n")
	for _, fn := range []string{"Many", "Lifted"} {
		fmt.Fprintf(&b, "\nfunc %s(ctx context.Context, flags []bool) {\n", fn)
		for v := range vars {
			fmt.Fprintf(&b, "\tvar c%d context.CancelFunc\n", v)
		}
		if fn == "Many" {
			b.WriteString("\tdefer func() {\n")
			for v := range vars {
				fmt.Fprintf(&b, "\t\tif c%d != nil {\n\t\t\tc%d()\n\t\t}\n", v, v)
			}
			b.WriteString("\t}()\n")
		}
		for i := range n {
			j, k := i%vars, (i*7+3)%vars
			switch kind := i % 6; {
			case kind == 4 && i%60 != 4:
				fmt.Fprintf(&b, "\tc%d = c%d\n", k, j)
			case kind == 0:
				fmt.Fprintf(&b, "\tctx, c%d = context.WithCancel(ctx)\n", j)
			case kind == 1:
				fmt.Fprintf(&b, "\tc%d = c%d\n", j, k)
			case kind == 2:
				fmt.Fprintf(&b, "\tif flags[%d] {\n\t\tc%d = c%d\n\t} else {\n\t\tc%d, c%d = c%d, c%d\n\t}\n", i%8, j, k, k, j, j, k)
			case kind == 3:
				fmt.Fprintf(&b, "\tmu.Lock()\n\tshared[%d] = len(flags)\n\tif flags[%d] {\n\t\tc%d = c%d\n\t}\n\tmu.Unlock()\n", i, i%8, k, j)
			case kind == 4:
				fmt.Fprintf(&b, "\tgo func(cancel context.CancelFunc) {\n\t\t<-ctx.Done()\n\t\tmu.Lock()\n\t\tshared[%d]++\n\t\tmu.Unlock()\n\t\tif cancel != nil {\n\t\t\tcancel()\n\t\t}\n\t}(c%d)\n", i, j)
			case kind == 5:
				fmt.Fprintf(&b, "\tctx, c%d = context.WithTimeout(ctx, %d)\n", k, i)
			}
		}
		if fn == "Lifted" {
			for v := range vars {
				fmt.Fprintf(&b, "\tif c%d != nil {\n\t\tc%d()\n\t}\n", v, v)
			}
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}

func copyFiles(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(to, e.Name()), data)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRobustBinary runs the concurlint binary over the same packages,
// standalone and under go vet, one package at a time: each run must end
// with the driver's exit code (standalone 0 clean, 3 findings, 1
// errors; go vet 0 or 1), never with a panic or a crash.
func TestRobustBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs go vet: skipped in -short mode")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	root := robustTree(t)
	bin := filepath.Join(t.TempDir(), "concurlint")
	build := exec.Command(goCmd, "build", "-o", bin, "github.com/concurlint/concurlint/cmd/concurlint")
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(t *testing.T, name string, args ...string) (int, string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = filepath.Join(root, "src")
		cmd.Env = append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOWORK=off", "GOFLAGS=",
			"GOTOOLCHAIN=local", "CGO_ENABLED=1")
		out, err := cmd.CombinedOutput()
		code := 0
		if err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
			}
			code = exit.ExitCode()
		}
		if crash.Match(out) {
			t.Errorf("%s %s crashed (exit %d):\n%s", name, strings.Join(args, " "), code, out)
		}
		return code, string(out)
	}
	for _, pkg := range append(slices.Clone(wellTyped), illTyped...) {
		// Every well-typed fixture has findings; the others do not load.
		standalone, vet := 3, 1
		if slices.Contains(illTyped, pkg) {
			standalone = 1
		}
		t.Run(pkg, func(t *testing.T) {
			if code, out := run(t, bin, pkg); code != standalone {
				t.Errorf("concurlint %s: exit %d, want %d\n%s", pkg, code, standalone, out)
			}
			if code, out := run(t, goCmd, "vet", "-vettool="+bin, pkg); code != vet {
				t.Errorf("go vet -vettool %s: exit %d, want %d\n%s", pkg, code, vet, out)
			}
		})
	}
}

// crash matches a Go panic or fatal error trace.
var crash = regexp.MustCompile(`(?m)^(panic: |fatal error: |goroutine \d+ \[|\[signal )`)
