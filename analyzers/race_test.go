//go:build race

package analyzers_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/analyzers"
)

// TestRace runs the whole suite as every driver does, the analyzers of
// one package on goroutines of their own sharing the models they
// require, over fixtures that make them replay and look callees up
// after those models are handed out. Built with -race only (go test
// -race -run TestRace ./analyzers/): the detector turns a model written
// while another analyzer reads it into a failure here, where a user's
// vet run dies of a concurrent map write. The detector sees a race
// only between accesses no synchronisation orders, and the analyzers
// meet on mutexes of their own (the call resolver's): a pass here is
// no proof. internal/locks' TestRaceSealed (two passes made to overlap)
// and TestSealedModel check the lock model's maps directly.
func TestRace(t *testing.T) {
	root, err := filepath.Abs(analysistest.TestData())
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		Dir:  filepath.Join(root, "src"),
		Env:  append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOWORK=off", "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, "race", "stress")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze(analyzers.All(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
	}
}
