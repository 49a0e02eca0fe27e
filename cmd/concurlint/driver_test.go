package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/analyzers"
)

func TestParseArgs(t *testing.T) {
	suite := analyzers.All()
	for _, tc := range []struct {
		args     []string
		format   string
		out      string
		vetArgs  []string
		patterns []string
	}{
		{[]string{"./..."}, "text", "", nil, []string{"./..."}},
		{[]string{"-json", "./..."}, "json", "", nil, []string{"./..."}},
		{[]string{"-format", "sarif", "-o", "x.sarif", "./a", "./b"}, "sarif", "x.sarif", nil, []string{"./a", "./b"}},
		{[]string{"--format=github", "-lockorder=false", "./..."}, "github", "", []string{"-lockorder=false"}, []string{"./..."}},
		// Value flags of go and of the analyzers keep their separate value.
		{[]string{"-tags", "integration", "-loopcapture.spawners", "x.Go", "./..."}, "text", "",
			[]string{"-tags", "integration", "-loopcapture.spawners", "x.Go"}, []string{"./..."}},
		{[]string{"-spawners", "x.Go,(*y.T).Go", "./..."}, "text", "",
			[]string{"-spawners", "x.Go,(*y.T).Go"}, []string{"./..."}},
		{[]string{"-c=2", "--", "-weird"}, "text", "", nil, []string{"-weird"}},
	} {
		o, err := parseArgs(tc.args, suite)
		if err != nil {
			t.Errorf("parseArgs(%q): %v", tc.args, err)
			continue
		}
		if o.format != tc.format || o.out != tc.out || !slices.Equal(o.vetArgs, tc.vetArgs) || !slices.Equal(o.patterns, tc.patterns) {
			t.Errorf("parseArgs(%q) = %+v", tc.args, o)
		}
	}
	for _, bad := range [][]string{{"-format=xml", "."}, {"-driver=bazel", "."}, {"-o"}, {"-c=x", "."}, {"-tags"},
		{"-foo", "."}, {"-lockorder=maybe", "."}, {"-loopcapture.spawners=bad", "."}, {"-spawners=bad", "."}, {"-loopcapture.nope=1", "."},
		{"-diff", "."}, {"-fix", "-json", "."}, {"-fix", "-baseline=b.json", "."}, {"-fix", "-write-baseline=b.json", "."}, {"-race=sometimes", "."}, {"-x", "."}, {"-lockorder"}} {
		if _, err := parseArgs(bad, suite); err == nil {
			t.Errorf("parseArgs(%q) succeeded, want an error", bad)
		}
	}
}

// TestTestNeedsInProcess checks that -test runs the in-process driver
// whatever -driver says: go vet always analyses test files.
func TestTestNeedsInProcess(t *testing.T) {
	for _, args := range [][]string{{"-test=false", "./..."}, {"-test=false", "-driver=vet", "./..."}, {"-driver=vet", "-test=false", "./..."}} {
		o, err := parseArgs(args, analyzers.All())
		if err != nil || o.driver != "inprocess" {
			t.Errorf("parseArgs(%q): driver %q, err %v; want inprocess", args, o.driver, err)
		}
	}
}

func TestVetProtocol(t *testing.T) {
	for _, args := range [][]string{{"-V=full"}, {"-flags"}, {"-json", "/tmp/vet.cfg"}, {"/tmp/vet.cfg"}} {
		if !vetProtocol(args) {
			t.Errorf("vetProtocol(%q) = false, want the multichecker", args)
		}
	}
	for _, args := range [][]string{nil, {"help"}, {"./..."}, {"-format=sarif", "./..."}, {"-fix", "./..."}, {"-V=full", "./..."}} {
		if vetProtocol(args) {
			t.Errorf("vetProtocol(%q) = true, want the user's command line", args)
		}
	}
}

// TestWorkflowExample checks that the concurlint commands in the
// documented GitHub Actions workflow are ones the command accepts.
func TestWorkflowExample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "examples", "github-actions.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var formats []string
	for _, line := range strings.Split(string(data), "\n") {
		cmd, ok := strings.CutPrefix(strings.TrimSpace(line), "run: concurlint ")
		if !ok {
			continue
		}
		o, err := parseArgs(strings.Fields(cmd), analyzers.All())
		if err != nil || len(o.patterns) == 0 {
			t.Errorf("%q: %v (patterns %q)", cmd, err, o.patterns)
		}
		formats = append(formats, o.format)
	}
	if !slices.Equal(formats, []string{"sarif", "github"}) {
		t.Errorf("the workflow runs formats %q, want sarif then github", formats)
	}
}
