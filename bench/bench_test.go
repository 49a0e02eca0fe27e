// Package bench holds concurlint's benchmarks: each analyzer, and the
// whole suite, on a synthetic package from bench/synth (generated into
// a temporary directory at run time and loaded once, outside the timed
// loop). Only the analysis is timed.
//
//	go test ./bench -run '^$' -bench . -count 6 > new.txt
//	benchstat old.txt new.txt
//
// BenchmarkGrowth runs the suite on packages of several sizes for
// scripts/growth.sh; it is skipped unless -sizes is given:
//
//	go test ./bench -run '^$' -bench Growth -args -sizes=1,4,16
//
// Every benchmark is skipped under -short.
package bench

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/analyzers/chanclose"
	"github.com/concurlint/concurlint/analyzers/ctxleak"
	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/analyzers/loopcapture"
	"github.com/concurlint/concurlint/analyzers/mapaccess"
	"github.com/concurlint/concurlint/bench/synth"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

var (
	sizeFlag  = flag.Int("size", 1, "size factor of the package the per-analyzer benchmarks use")
	sizesFlag = flag.String("sizes", "", "comma-separated size factors for BenchmarkGrowth (skipped when empty)")
	warmFlag  = flag.Bool("warm", false, "run the analysis once untimed before timing it (for -benchtime 1x)")
)

// tmpRoot holds the generated modules; TestMain removes it.
var tmpRoot string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "concurlint-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// current is the last package loaded. Only one is kept, so that the
// largest size in a growth run does not share memory with the others.
var current struct {
	units int
	pkgs  []*packages.Package
}

// load generates and loads a package of the given number of units,
// reusing the last one if it has that size.
func load(tb testing.TB, units int) []*packages.Package {
	tb.Helper()
	if current.units == units {
		return current.pkgs
	}
	current.pkgs, current.units = nil, 0
	dir, err := os.MkdirTemp(tmpRoot, "synth")
	if err != nil {
		tb.Fatal(err)
	}
	if err := synth.WriteUnits(dir, units); err != nil {
		tb.Fatal(err)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		tb.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		tb.Fatalf("generated package has %d errors", n)
	}
	current.pkgs, current.units = pkgs, units
	return pkgs
}

// analyze runs the analyzers (and what they require) on pkgs and
// returns the root packages' findings by analyzer.
func analyze(tb testing.TB, as []*analysis.Analyzer, pkgs []*packages.Package) map[string][]analysis.Diagnostic {
	// Sequential: one package dominates, and a single thread makes the
	// figures steadier on a shared machine.
	graph, err := checker.Analyze(as, pkgs, &checker.Options{Sequential: true})
	if err != nil {
		tb.Fatal(err)
	}
	found := make(map[string][]analysis.Diagnostic)
	for act := range graph.All() {
		if act.Err != nil {
			tb.Fatalf("%s: %v", act, act.Err)
		}
		if act.IsRoot {
			found[act.Analyzer.Name] = append(found[act.Analyzer.Name], act.Diagnostics...)
		}
	}
	return found
}

func bench(b *testing.B, as ...*analysis.Analyzer) {
	if testing.Short() {
		b.Skip("benchmarks are skipped under -short")
	}
	benchUnits(b, *sizeFlag*synth.UnitsPerSize, as)
}

func benchUnits(b *testing.B, units int, as []*analysis.Analyzer) {
	pkgs := load(b, units)
	if *warmFlag {
		analyze(b, as, pkgs) // grow the heap and page the code in, untimed
	}
	b.ReportAllocs()
	var findings int
	runtime.GC() // start every size from a collected heap
	cpu0 := cpuTime()
	for b.Loop() {
		findings = 0
		for _, ds := range analyze(b, as, pkgs) {
			findings += len(ds)
		}
	}
	// CPU time (the process's user+sys, garbage collection included)
	// is steadier than wall time when other work shares the machine.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(findings), "findings")
}

// cpuTime is the process's user and system CPU time so far, in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func BenchmarkChanclose(b *testing.B)   { bench(b, chanclose.Analyzer) }
func BenchmarkCtxleak(b *testing.B)     { bench(b, ctxleak.Analyzer) }
func BenchmarkLockorder(b *testing.B)   { bench(b, lockorder.Analyzer) }
func BenchmarkLoopcapture(b *testing.B) { bench(b, loopcapture.Analyzer) }
func BenchmarkMapaccess(b *testing.B)   { bench(b, mapaccess.Analyzer) }
func BenchmarkSuite(b *testing.B)       { bench(b, analyzers.All()...) }

// BenchmarkGrowth runs the suite on each size in -sizes, as
// sub-benchmarks size=N, for scripts/growth.sh, and beside it the floor,
// floor-size=N: building the package's SSA and nothing else, what any
// SSA-based suite pays (x/tools' share of the cost and of its growth).
func BenchmarkGrowth(b *testing.B) {
	if testing.Short() {
		b.Skip("benchmarks are skipped under -short")
	}
	if *sizesFlag == "" {
		b.Skip("no -sizes given (scripts/growth.sh passes -sizes=1,4,16)")
	}
	for _, f := range strings.Split(*sizesFlag, ",") {
		size, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || size < 1 {
			b.Fatalf("bad size %q in -sizes", f)
		}
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			benchUnits(b, size*synth.UnitsPerSize, analyzers.All())
		})
		b.Run(fmt.Sprintf("floor-size=%d", size), func(b *testing.B) {
			benchUnits(b, size*synth.UnitsPerSize, []*analysis.Analyzer{floor})
		})
	}
}

// floor builds the package's SSA the way the suite does, and stops.
var floor = &analysis.Analyzer{
	Name:     "floor",
	Doc:      "build SSA only",
	Requires: []*analysis.Analyzer{ssabuild.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get()
		return nil, nil
	},
}
