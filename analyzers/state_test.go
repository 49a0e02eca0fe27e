package analyzers_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"
)

// TestNoStateBetweenPackages checks that the suite keeps nothing from
// one package to the next: drivers that analyse many packages in one
// process (the standalone checker, golangci-lint, gopls) or spread them
// over many (go vet, Bazel nogo) must get the same findings and facts
// for a package whatever ran before it. It analyses B alone, then A,
// then B again, each time from a fresh load, and compares B's findings
// (in report order) and its facts (gob bytes) across the two runs. As
// every run shuffles map iteration anew, it also catches findings or
// facts that depend on map order.
func TestNoStateBetweenPackages(t *testing.T) {
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// B: the demo package and a chain of three packages whose
	// lock-order facts travel two imports deep.
	runB := func() string {
		demo := analyze(t, loadModule(t, repo, "./testdata/demo"))
		deep := analyze(t, loadModule(t, filepath.Join(repo, "testdata", "lockdeep"), "./..."))
		return snapshot(t, demo) + snapshot(t, deep)
	}
	first := runB()
	t.Logf("B: %d findings and related lines, %d facts", strings.Count(first, "\n  ")-strings.Count(first, "\n  fact "), strings.Count(first, "\n  fact "))
	if !strings.Contains(first, "lockorder@") || !strings.Contains(first, "fact ") {
		t.Fatalf("B's snapshot has no findings or no facts; the test would prove nothing:\n%s", first)
	}

	// A: generics, cgo and the analyzers' own stress fixture.
	root := robustTree(t)
	copyFiles(t, filepath.Join("testdata", "src", "stress"), filepath.Join(root, "src", "stress"))
	for _, act := range analyze(t, load(t, root, "robustgenerics", "robustcgo", "stress")).Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
	}

	if second := runB(); second != first {
		t.Errorf("B's results differ after analysing A:\n%s", lineDiff(first, second))
	}
}

// loadModule loads patterns in module mode from dir.
func loadModule(t *testing.T, dir string, patterns ...string) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, err := range p.Errors {
			t.Fatalf("%s: %v", p.PkgPath, err)
		}
	}
	return pkgs
}

// snapshot renders a run's actions on the root packages (the required
// analyzers' included): per action (sorted), its error, its findings
// with related information in report order, and the facts it exported,
// keyed by objectpath and gob-encoded.
func snapshot(t *testing.T, graph *checker.Graph) string {
	t.Helper()
	roots := map[*packages.Package]bool{}
	for _, act := range graph.Roots {
		roots[act.Package] = true
	}
	var parts []string
	for act := range graph.All() {
		if !roots[act.Package] {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s@%s err=%v\n", act.Analyzer.Name, act.Package.ID, act.Err)
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			fmt.Fprintf(&b, "  %s: %s\n", fset.Position(d.Pos), d.Message)
			for _, r := range d.Related {
				fmt.Fprintf(&b, "    %s: %s\n", fset.Position(r.Pos), r.Message)
			}
		}
		var facts []string
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() != act.Package.Types {
				continue
			}
			path, err := objectpath.For(f.Object)
			if err != nil {
				continue // not visible to importers: never encoded
			}
			facts = append(facts, fmt.Sprintf("  fact %s %T %x\n", path, f.Fact, encode(t, f.Fact)))
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == act.Package.Types {
				facts = append(facts, fmt.Sprintf("  fact package %T %x\n", f.Fact, encode(t, f.Fact)))
			}
		}
		slices.Sort(facts) // AllObjectFacts comes in no fixed order
		b.WriteString(strings.Join(facts, ""))
		parts = append(parts, b.String())
	}
	slices.Sort(parts) // Roots comes in no fixed order
	return strings.Join(parts, "")
}

func encode(t *testing.T, fact analysis.Fact) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
		t.Fatalf("encode %T: %v", fact, err)
	}
	return buf.Bytes()
}

// lineDiff lists the lines of a and b that the other lacks.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for _, l := range al {
		if !slices.Contains(bl, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bl {
		if !slices.Contains(al, l) {
			out = append(out, "+ "+l)
		}
	}
	if len(out) == 0 {
		return "(same lines, different order)"
	}
	return strings.Join(out, "\n")
}
