package loopcapture_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/loopcapture"
	"github.com/concurlint/concurlint/internal/analysistestutil"
	"github.com/concurlint/concurlint/internal/spawn"
)

// go121 is a module declared go 1.21: one variable per loop.
func go121(t *testing.T) string {
	return filepath.Join(analysistest.TestData(), "go121")
}

// batch loads the go121 packages once: loading the standard library
// from source is most of each analysistest.Run's cost.
var batch = analysistestutil.NewBatch(filepath.Join(analysistest.TestData(), "go121"), loopcapture.Analyzer,
	"example.com/loopcapture/loop", "example.com/loopcapture/spawner",
	"example.com/loopcapture/suppress", "example.com/loopcapture/reach")

func TestGo121(t *testing.T) {
	results := batch.Run(t, "example.com/loopcapture/loop")
	analysistestutil.RequireRelated(t, results)
	analysistestutil.Contains(t, results,
		"loop.go:26: loop variable i is shared by every iteration (go1.21 semantics): the goroutine may see a later value; pass it as an argument or copy it (i := i) [loop.go:24: loop variable i declared here, once for all iterations; loop.go:25: goroutine started here]",
		"loop.go:50: loop variable j is shared by every iteration (go1.21 semantics): the deferred call may see a later value; pass it as an argument or copy it (j := j) [loop.go:48: loop variable j declared here, once for all iterations; loop.go:49: call deferred here]",
		"loop.go:103: address of loop variable j is shared by every iteration (go1.21 semantics): the receiver may see a later value through it; copy it (j := j) first [loop.go:102: loop variable j declared here, once for all iterations]",
	)
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, go121(t), loopcapture.Analyzer, "example.com/loopcapture/fix")
}

func TestUserSpawners(t *testing.T) {
	flag := loopcapture.Analyzer.Flags.Lookup("spawners")
	defer spawn.User.Reset()
	if err := flag.Value.Set("example.com/loopcapture/supervisor.Go,(*example.com/loopcapture/supervisor.Supervisor).Go"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, go121(t), loopcapture.Analyzer, "example.com/loopcapture/spawner")
}

// TestInferredSpawners checks the same package without the flag:
// supervisor's Go functions run their argument on a new goroutine, so
// spawn infers them (a fact of another package) and Sync stays silent.
func TestInferredSpawners(t *testing.T) {
	batch.Run(t, "example.com/loopcapture/spawner")
}

func TestSpawnersFlagRejectsMalformedNames(t *testing.T) {
	flag := loopcapture.Analyzer.Flags.Lookup("spawners")
	for _, bad := range []string{"Go", "pkg.", "(*pkg.T)", "(T).Go", "pkg.(T)"} {
		if err := flag.Value.Set(bad); err == nil {
			t.Errorf("spawners=%q: accepted, want an error", bad)
		}
	}
}

// TestGo122 runs the same code declared go 1.22, with its expectations
// removed: nothing may be reported.
func TestGo122(t *testing.T) {
	dir := t.TempDir()
	want := regexp.MustCompile(`[ \t]*// want .*`)
	err := filepath.WalkDir(go121(t), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(go121(t), path)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(data)
		switch {
		case rel == "go.mod":
			text = strings.Replace(text, "go 1.21", "go 1.22", 1)
		case strings.HasSuffix(rel, ".go"):
			text = want.ReplaceAllString(text, "")
		}
		return os.WriteFile(dst, []byte(text), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, loopcapture.Analyzer, "example.com/loopcapture/loop", "example.com/loopcapture/fix")
}

func TestSuppress(t *testing.T) {
	batch.Run(t, "example.com/loopcapture/suppress")
}

// TestReach checks captures whose goroutine starts in a callee: one and
// two calls away, behind an interface or a struct field, on some paths.
func TestReach(t *testing.T) {
	batch.Run(t, "example.com/loopcapture/reach")
}

// TestEveryVersion checks, in a go1.22 module, the shapes that share a
// variable in every version (a loop assigning a variable declared
// outside it), and that per-iteration variables stay silent.
func TestEveryVersion(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "go122"), loopcapture.Analyzer, "example.com/loopcapture122/every")
}
