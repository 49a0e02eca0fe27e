// Command floor is the benchmark's floor: one analyzer that does nothing
// but require buildssa, so running it costs what any SSA-based suite
// must pay (loading, type checking, ctrlflow's facts, SSA construction)
// and nothing more. scripts/bench.sh compares concurlint with it.
//
// Like concurlint it speaks both drivers:
//
//	floor ./...                              standalone
//	go vet -vettool=$(command -v floor) ./...  under go vet
//
// It never reports anything: exit 0, or 1 if packages do not load.
//
// It lives in bench/_cmd, which the go command's ./... skips, so that
// `go install ./...` (what pre-commit's golang hooks run in this
// repository) installs concurlint alone; build it by its path.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/singlechecker"
)

// Analyzer requires the SSA form of every function and ignores it.
// buildssa requires ctrlflow, which exports facts, so both drivers also
// run it on every dependency, as they do for concurlint.
var Analyzer = &analysis.Analyzer{
	Name:     "floor",
	Doc:      "build SSA for every package and report nothing (benchmark floor)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { singlechecker.Main(Analyzer) }
