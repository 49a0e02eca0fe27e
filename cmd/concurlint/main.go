// Command concurlint finds Go concurrency bugs: loop variables captured
// by goroutines, lock-order inversions, racy maps, channels closed by the
// wrong party and lost cancels.
//
// It runs standalone (concurlint ./...) or under go vet
// (go vet -vettool="$(command -v concurlint || echo concurlint-not-on-PATH)" ./...); run
// `concurlint help` for the analyzers and `concurlint help NAME` for
// one analyzer's documentation and flags.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/analysisdoc"
)

func main() {
	suite := analyzers.All()
	args := os.Args[1:]
	if vetProtocol(args) || slices.Contains(os.Environ(), inProcessEnv) {
		if vetProtocol(args) && os.Getenv("GOGC") == "" {
			tuneGC()
		}
		// multichecker speaks go vet's protocol (a single *.cfg
		// argument, -V=full, -flags); it is also the in-process
		// driver's child. The module's config file applies to it.
		args, err := configure(args, suite)
		if err != nil {
			fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
			os.Exit(exitUsage)
		}
		os.Args = append(os.Args[:1], args...)
		multichecker.Main(suite...)
		return
	}
	os.Exit(run(args, suite, os.Stdout, os.Stderr))
}

// tuneGC trades memory for fewer collections in a go vet tool process,
// which analyses one package and exits: at the default GOGC=100 the
// growth benchmark spends up to half its CPU in the collector, and a
// collection that starts near the end is pure loss, its marking
// competing with the last passes.
//
// GOGC=800 with a 3 GiB soft limit (unless the user set GOMEMLIMIT).
// Measured on nats-server's server [server.test] unit, the critical
// path of go vet ./... (~1.1 GB live at the end; 3 runs each, twice,
// user CPU and peak RSS): GOGC=400 7.5-7.9 s, 1.9-2.0 GB; 800 6.9-7.2
// s, 2.15-2.2 GB; GOGC=off under the same limit 5.3-5.9 s but 2.9 GB.
// The soft limit caps what a larger package may take (800 alone lets
// the heap grow to 9x its live size) at the price of more collections
// near it. Earlier, with a live heap near 1 GB under GOGC=400, a 2 GiB
// limit held RSS to 2.1 GB but cost 30-50% more CPU, 3 GiB +20%.
func tuneGC() {
	debug.SetGCPercent(800)
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(3 << 30)
	}
}

// run is the command a user types: every flag is checked here, before
// any package is analysed, so a usage error is printed once and exits 2.
func run(args []string, suite []*analysis.Analyzer, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		printShortUsage(stderr)
		return exitUsage
	case len(args) == 1 && args[0] == "help":
		printHelp(stdout, suite)
		return exitClean
	case args[0] == "help":
		// One analyzer's documentation and flags, as x/tools prints it.
		multichecker.Main(suite...)
		return exitClean
	case len(args) == 1 && args[0] == "version":
		printVersion(stdout)
		return exitClean
	}
	o, err := parseArgs(args, suite)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "concurlint: %v\nRun 'concurlint -h' for usage.\n", err)
		return exitUsage
	case o.help:
		printUsage(stdout, suite)
		return exitClean
	case o.version:
		printVersion(stdout)
		return exitClean
	}
	return runStandalone(o, suite, stdout, stderr)
}

// printHelp replaces the generic x/tools overview with concurlint's own.
func printHelp(w io.Writer, suite []*analysis.Analyzer) {
	fmt.Fprint(w, `concurlint finds Go concurrency bugs before they ship.

Usage:
	concurlint [-flag] [package ...]            standalone (exit 0 clean, 3 findings, 1 errors, 2 usage)
	go vet -vettool="$(command -v concurlint || echo concurlint-not-on-PATH)" ./...
	                                            under go vet (exit 0 clean, 1 findings)
	concurlint help NAME                        one analyzer's documentation and flags
	concurlint -h                               concurlint's flags
	concurlint version                          the version and VCS revision

Analyzers:
`)
	for _, a := range suite {
		fmt.Fprintf(w, "\t%-12s %s\n", a.Name, analysisdoc.Summary(a.Doc))
	}
	fmt.Fprint(w, `
All analyzers run by default; -NAME=false turns one off, -NAME runs only
the named ones. Output: -format=text|json|sarif|github (-json is
-format=json), -o FILE; every format exits 0 clean, 3 findings, 1 errors.
Standalone runs go vet -vettool=concurlint underneath (per package, cached);
-driver=inprocess, -fix, -diff and -test=false run in one process instead,
with go build flags (-tags=...) passed through GOFLAGS. -fix applies the
suggested fixes, says how many to which files and lists the findings that
have none; -fix -diff prints them as a patch for git apply instead.
Packages that do not build are named in every format (exit 1). Text output
ends with a summary line; on a terminal, progress shows on stderr.
A //concurlint:ignore NAME reason directive that silences nothing, has no
reason, names no analyzer or is written "// concurlint:ignore" is reported.
A .concurlint.conf at the module root sets analyzers, spawners, excludes
and a baseline (docs/config.md); -baseline=FILE reports only new findings.
concurlint -h lists every flag.
`)
}
