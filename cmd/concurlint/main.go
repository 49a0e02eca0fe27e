// Command concurlint finds Go concurrency bugs: loop variables captured
// by goroutines, lock-order inversions, racy maps, channels closed by the
// wrong party and lost cancels.
//
// It runs standalone (concurlint ./...) or under go vet
// (go vet -vettool=$(command -v concurlint) ./...); run
// `concurlint help` for the analyzers and `concurlint help NAME` for
// one analyzer's documentation and flags.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/analysisdoc"
)

func main() {
	suite := analyzers.All()
	if len(os.Args) == 2 && os.Args[1] == "help" {
		printHelp(os.Stdout, suite)
		return
	}
	if isVetTool(os.Args[1:]) && os.Getenv("GOGC") == "" {
		// A go vet tool process analyses one package and exits: its
		// heap stays small, so trading memory for fewer collections
		// is cheap (the growth benchmark spends up to half its CPU in
		// the collector at the default GOGC=100).
		debug.SetGCPercent(400)
	}
	if inProcess(os.Args[1:]) || slices.Contains(os.Environ(), inProcessEnv) {
		// multichecker speaks go vet's protocol (a single *.cfg
		// argument, -V=full, -flags), prints help, and applies fixes
		// in one process. The module's config file applies to it.
		args, err := configure(os.Args[1:], suite)
		if err != nil {
			fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
			os.Exit(exitUsage)
		}
		os.Args = append(os.Args[:1], args...)
		multichecker.Main(suite...)
		return
	}
	os.Exit(runStandalone(os.Args[1:], suite, os.Stdout, os.Stderr))
}

// isVetTool reports whether go vet runs this binary as its tool on one
// package (the unitchecker protocol: a single *.cfg argument).
func isVetTool(args []string) bool {
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// inProcess reports whether args are for the x/tools multichecker rather
// than the standalone driver: go vet talking to its tool, and help. No
// arguments prints the usage. (-fix, -diff and -test=false go to the
// standalone driver, which runs the multichecker for them with the
// build flags in GOFLAGS.)
func inProcess(args []string) bool {
	if len(args) == 0 || args[0] == "help" || strings.HasSuffix(args[len(args)-1], ".cfg") {
		return true
	}
	for _, arg := range args {
		if arg == "--" || !strings.HasPrefix(arg, "-") {
			break
		}
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch name {
		case "V", "flags", "help", "h":
			return true
		}
	}
	return false
}

// printHelp replaces the generic x/tools overview with concurlint's own.
func printHelp(w io.Writer, suite []*analysis.Analyzer) {
	fmt.Fprint(w, `concurlint finds Go concurrency bugs before they ship.

Usage:
	concurlint [-flag] [package ...]            standalone (exit 0 clean, 3 findings, 1 errors)
	go vet -vettool=$(command -v concurlint) ./...   under go vet (exit 0 clean, 1 findings)
	concurlint help NAME                        one analyzer's documentation and flags

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
Other flags: -c=N.
`)
}
