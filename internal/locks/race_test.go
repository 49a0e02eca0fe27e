//go:build race

package locks_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/internal/locks"
)

// TestRaceSealed runs two passes on the sealed model at once, as the
// drivers run the passes built on it: a reader indexes ByFunc over and
// over, taking no lock, while an asker asks about every hand-over
// (HandedOff, HandsOver), which looks up callees the model never did
// (handover's feedEither starts one of two method expressions). Built
// with -race only (go test -race -run TestRace ./internal/locks/): the
// detector reports the asker's write to the model, which the reader's
// reads are not ordered with. The asker starts once the reader reads,
// and the reader reads until the asker is done, so their accesses
// overlap on every run.
func TestRaceSealed(t *testing.T) {
	started, done := make(chan struct{}), make(chan struct{})
	reader := &analysis.Analyzer{
		Name:     "reader",
		Doc:      "read the sealed model until the asker is done, for tests",
		Requires: []*analysis.Analyzer{locks.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[locks.Analyzer].(*locks.Result)
			close(started)
			for {
				for _, fl := range res.Flows {
					_ = res.ByFunc[fl.Fn]
				}
				select {
				case <-done:
					return nil, nil
				default:
				}
			}
		},
	}
	asker := &analysis.Analyzer{
		Name:     "asker",
		Doc:      "ask the sealed model about every hand-over, for tests",
		Requires: []*analysis.Analyzer{locks.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			<-started
			defer close(done)
			res := pass.ResultOf[locks.Analyzer].(*locks.Result)
			for _, fl := range res.Flows {
				for _, a := range fl.Acquisitions {
					res.HandedOff(fl, locks.Held{Ref: a.Ref, Mode: a.Mode, Pos: a.Pos})
				}
				for _, r := range fl.Returns {
					for _, h := range r.Held {
						fl.HandsOver(r.Instr, h)
					}
				}
			}
			return nil, nil
		},
	}
	both := &analysis.Analyzer{
		Name:     "both",
		Doc:      "run reader and asker at once, for tests",
		Requires: []*analysis.Analyzer{reader, asker},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
	root, err := filepath.Abs(analysistest.TestData())
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(root, "src"),
		Env:  append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOWORK=off", "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, "handover")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{both}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
	}
}
