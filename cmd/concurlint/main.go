// Command concurlint finds Go concurrency bugs: loop variables captured
// by goroutines, and (as the suite grows) lock-order inversions, racy
// maps, channels closed by the wrong party and lost cancels.
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
	// multichecker speaks both drivers: a single *.cfg argument is the
	// go vet (unitchecker) protocol, anything else loads packages.
	multichecker.Main(suite...)
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
the named ones. Common flags: -json, -fix, -diff, -test=false, -c=N.
`)
}
