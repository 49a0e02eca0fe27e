package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/config"
)

// e2eRunner is what the config and baseline tests take from TestE2E:
// the binary it built once and its helpers.
type e2eRunner struct {
	bin, goCmd  string
	expectExit  func(t *testing.T, got, want int, stdout, stderr string)
	expectLines func(t *testing.T, got, want []string)
}

// fixture copies testdata/e2e for a test that edits it.
func (e e2eRunner) fixture(t *testing.T) string {
	return copyTree(t, filepath.Join("..", "..", "testdata", "e2e"), filepath.Join(t.TempDir(), "e2e"))
}

// findingLines returns the finding and related-information lines of
// out, with paths relative to root.
func findingLines(root, out string) []string {
	var lines []string
	for _, line := range strings.Split(out, "\n") {
		line = strings.ReplaceAll(line, root+string(filepath.Separator), "")
		if positionLine.MatchString(line) {
			lines = append(lines, filepath.ToSlash(line))
		}
	}
	return lines
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

// testConfig checks the config file, .concurlint.conf, standalone and
// under go vet.
func testConfig(t *testing.T, e e2eRunner) {
	mod := e.fixture(t)
	config := func(lines ...string) {
		writeFile(t, filepath.Join(mod, ".concurlint.conf"), strings.Join(lines, "\n")+"\n")
	}
	notIn := func(lines []string, files ...string) []string {
		return slices.DeleteFunc(slices.Clone(lines), func(line string) bool {
			file, _, _ := strings.Cut(line, ":")
			return slices.Contains(files, file)
		})
	}
	supervised := withSupervisor()

	// The same config in every mode: the standalone binary (both
	// drivers), and go vet running it per package.
	t.Run("exclude-and-spawners", func(t *testing.T) {
		config("# concurlint settings of the e2e fixture",
			"exclude  loops/loops_test.go  # a comment",
			"spawners (*example.com/e2e/loops.Supervisor).Go")
		want := notIn(supervised, "loops/loops_test.go")
		for _, driver := range []string{"vet", "inprocess"} {
			code, stdout, stderr := runSplit(t, mod, e.bin, "-driver="+driver, "./...")
			e.expectExit(t, code, 3, stdout, stderr)
			e.expectLines(t, findingLines(mod, stderr), want)
		}
		code, stdout, stderr := runSplit(t, mod, e.goCmd, "vet", "-vettool="+e.bin, "./...")
		e.expectExit(t, code, 1, stdout, stderr)
		e.expectLines(t, groups(findingLines(mod, stderr)), groups(want))
	})

	// Packages go vet has just analysed with another config: its cache
	// must not answer for this one.
	t.Run("analyzer-off", func(t *testing.T) {
		config("disable loopcapture")
		code, stdout, stderr := runSplit(t, mod, e.bin, "./...")
		e.expectExit(t, code, 0, stdout, stderr)
		code, stdout, stderr = runSplit(t, mod, e.goCmd, "vet", "-vettool="+e.bin, "./...")
		e.expectExit(t, code, 0, stdout, stderr)
		e.expectLines(t, findingLines(mod, stdout+stderr), nil)

		// The command line overrides the file.
		code, stdout, stderr = runSplit(t, mod, e.bin, "-loopcapture", "./...")
		e.expectExit(t, code, 3, stdout, stderr)
		e.expectLines(t, findingLines(mod, stderr), wantLoops)

		config("enable lockorder mapaccess")
		code, stdout, stderr = runSplit(t, mod, e.bin, "./...")
		e.expectExit(t, code, 0, stdout, stderr)
	})

	t.Run("exclude-patterns", func(t *testing.T) {
		for _, c := range []struct {
			patterns string
			want     []string
		}{
			{"example.com/e2e/loops", nil}, // a package, by import path
			{".../suppress.go loops/*_test.go", notIn(wantLoops, "loops/suppress.go", "loops/loops_test.go")},
		} { // more patterns in internal/config's tests
			config("exclude " + c.patterns)
			code, stdout, stderr := runSplit(t, mod, e.bin, "./...")
			exit := 0
			if c.want != nil {
				exit = 3
			}
			e.expectExit(t, code, exit, stdout, stderr)
			e.expectLines(t, findingLines(mod, stderr), c.want)
		}
	})

	t.Run("command-line-spawners", func(t *testing.T) {
		// Spawners on the command line replace the file's.
		config("spawners (*example.com/e2e/loops.Supervisor).Go")
		code, stdout, stderr := runSplit(t, mod, e.bin, "-mapaccess.spawners=example.com/e2e/loops.use", "./...")
		e.expectExit(t, code, 3, stdout, stderr)
		e.expectLines(t, findingLines(mod, stderr), wantLoops)
	})

	// A malformed file is a usage error naming its line, printed once;
	// go vet stops on it before analysing anything.
	t.Run("malformed", func(t *testing.T) {
		for _, c := range []struct{ content, want string }{
			{"exclude loops\nexlude clean\n", `.concurlint.conf:2: unknown setting "exlude"`},
			{"disable loopcapture\nenable lockorder LockOrder\n", `.concurlint.conf:2: unknown analyzer "LockOrder"`},
			{"spawners Supervisor.Go()\n", `.concurlint.conf:1: spawner "Supervisor.Go()"`},
			{"baseline\n", `.concurlint.conf:1: baseline needs a value`},
			{"exclude ../other\n", `.concurlint.conf:1: exclude "../other": a pattern cannot leave the module root`},
		} {
			config(c.content)
			code, stdout, stderr := runSplit(t, mod, e.bin, "./...")
			e.expectExit(t, code, 2, stdout, stderr)
			if !strings.HasPrefix(stderr, "concurlint: "+mod) || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("standalone stderr: want one line with %q, got:\n%s", c.want, stderr)
			}
			code, stdout, stderr = runSplit(t, mod, e.goCmd, "vet", "-vettool="+e.bin, "./...")
			if code == 0 || strings.Count(stderr, c.want) != 1 || strings.Contains(stderr, "# example.com") {
				t.Errorf("go vet: exit %d, want the error %q once before any package:\n%s", code, c.want, stderr)
			}
		}
	})
}

// testBaseline checks -write-baseline and -baseline: a baseline written
// from the fixture silences its findings in every format, still matches
// after an edit that moves every line, and lets a new finding through.
func testBaseline(t *testing.T, e e2eRunner) {
	mod := e.fixture(t)
	const name = "concurlint-baseline.json"
	file := filepath.Join(mod, name)
	code, stdout, stderr := runSplit(t, mod, e.bin, "-write-baseline="+name, "./...")
	e.expectExit(t, code, 0, stdout, stderr)
	var b struct {
		Findings []struct{ File, Function string }
	}
	if data, err := os.ReadFile(file); err != nil {
		t.Fatal(err)
	} else if err := json.Unmarshal(data, &b); err != nil || len(b.Findings) != 9 || b.Findings[0].File != "loops/loops.go" {
		t.Fatalf("baseline: want the fixture's 9 findings keyed by file relative to the module root (%v):\n%s", err, data)
	}

	// everyFormat runs the standalone binary in each output format and
	// checks its exit code; it returns the text output's findings.
	everyFormat := func(t *testing.T, want int, args ...string) []string {
		t.Helper()
		var text []string
		for _, format := range []string{"json", "sarif", "github", "text"} {
			code, stdout, stderr := runSplit(t, mod, e.bin, append([]string{"-format=" + format}, args...)...)
			e.expectExit(t, code, want, stdout, stderr)
			text = findingLines(mod, stderr)
		}
		return text
	}
	t.Run("baselined", func(t *testing.T) {
		e.expectLines(t, everyFormat(t, 0, "-baseline="+name, "./..."), nil)
	})

	// The edits below move every finding of loops.go three lines down
	// and then add one like RangeGo's in RangeGo itself; the baseline
	// is named in the config file from here on.
	loops := filepath.Join(mod, "loops", "loops.go")
	src, err := os.ReadFile(loops)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(mod, ".concurlint.conf"), "baseline "+name+"\n")
	shifted := strings.Replace(string(src), "type Item struct", "// Three\n// lines\n// more.\ntype Item struct", 1)
	writeFile(t, loops, shifted)
	t.Run("lines-moved", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, e.bin, "./...")
		e.expectExit(t, code, 0, stdout, stderr)
	})

	t.Run("new-finding", func(t *testing.T) {
		const loop = "\t\tgo func() {\n\t\t\tuse(it)\n\t\t}()\n\t}\n"
		const again = "\tfor _, it := range items {\n\t\tgo func() { use(it) }()\n\t}\n"
		writeFile(t, loops, strings.Replace(shifted, loop, loop+again, 1))
		before, _, _ := strings.Cut(shifted, loop)
		line := strings.Count(before, "\n") + 6 // the go statement of again
		want := []string{
			fmt.Sprintf("loops/loops.go:%d:19: loop variable it is shared by every iteration (go1.21 semantics): the goroutine may see a later value; pass it as an argument or copy it (it := it)", line),
			fmt.Sprintf("loops/loops.go:%d:9: \tloop variable it declared here, once for all iterations", line-1),
			fmt.Sprintf("loops/loops.go:%d:3: \tgoroutine started here", line),
		}
		e.expectLines(t, everyFormat(t, 3, "./..."), want)
		// -baseline on the command line overrides the config's.
		code, stdout, stderr := runSplit(t, mod, e.bin, "-baseline=missing.json", "./...")
		e.expectExit(t, code, 2, stdout, stderr)
		// Writing the baseline again takes the new finding in.
		code, stdout, stderr = runSplit(t, mod, e.bin, "-write-baseline="+name, "./...")
		e.expectExit(t, code, 0, stdout, stderr)
		e.expectLines(t, everyFormat(t, 0, "./..."), nil)
	})
}

// TestConfigFlags checks how the config's analyzers and spawners become
// flags, and that the command line overrides them.
func TestConfigFlags(t *testing.T) {
	suite := analyzers.All()
	c := &config.Config{Enable: []string{"lockorder"}, Disable: []string{"mapaccess"}, Spawners: []string{"a.Go", "b.Go"}}
	spawners := "-spawners=a.Go,b.Go" // the suite's one list
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-json", "x.cfg"}, []string{"-lockorder=true", "-mapaccess=false", spawners}},
		// Enabling an analyzer replaces the enable list; -NAME=false
		// does not, and comes after the config's flags.
		{[]string{"-c", "3", "-loopcapture", "./..."}, []string{"-mapaccess=false", spawners}},
		{[]string{"-loopcapture=false", "./..."}, []string{"-lockorder=true", "-mapaccess=false", spawners}},
		{[]string{"--mapaccess=true", "./..."}, []string{"-mapaccess=false", spawners}},
		{[]string{"-loopcapture.spawners", "c.Go", "./..."}, []string{"-lockorder=true", "-mapaccess=false"}},
		{[]string{"-spawners=c.Go", "./..."}, []string{"-lockorder=true", "-mapaccess=false"}},
		{[]string{"--", "-loopcapture"}, []string{"-lockorder=true", "-mapaccess=false", spawners}},
	} {
		if got := configFlags(c, tc.args, suite); !slices.Equal(got, tc.want) {
			t.Errorf("configFlags(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

type testFact struct{}

func (*testFact) AFact() {}

// TestSkipReports: for a package go vet analyses only for its facts,
// the analyzers that only report do nothing, and those that export
// facts or give a result still run.
func TestSkipReports(t *testing.T) {
	ran := map[string]bool{}
	mk := func(name string, a *analysis.Analyzer) *analysis.Analyzer {
		a.Name, a.Doc = name, name
		a.Run = func(*analysis.Pass) (any, error) { ran[name] = true; return nil, nil }
		return a
	}
	// index is a prerequisite of the reporter only (as inspect is),
	// model one of the fact producer.
	index := mk("index", &analysis.Analyzer{ResultType: reflect.TypeOf(0)})
	model := mk("model", &analysis.Analyzer{ResultType: reflect.TypeOf(0)})
	suite := []*analysis.Analyzer{
		mk("reporter", &analysis.Analyzer{Requires: []*analysis.Analyzer{index}}),
		mk("facts", &analysis.Analyzer{FactTypes: []analysis.Fact{new(testFact)}, Requires: []*analysis.Analyzer{model}}),
		mk("result", &analysis.Analyzer{ResultType: reflect.TypeOf(0)}),
	}
	cfg := filepath.Join(t.TempDir(), "vet.cfg")
	if err := os.WriteFile(cfg, []byte(`{"ModulePath":"example.com/m","ModuleVersion":"v1.0.0","VetxOnly":true}`), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := configure([]string{cfg}, suite); err != nil {
		t.Fatal(err)
	}
	for _, a := range append(suite, index, model) {
		if res, _ := a.Run(nil); a.ResultType != nil && !ran[a.Name] && reflect.TypeOf(res) != a.ResultType {
			t.Errorf("skipped %s returns a %T, want its ResultType %v", a.Name, res, a.ResultType)
		}
	}
	if want := map[string]bool{"facts": true, "model": true}; !maps.Equal(ran, want) {
		t.Errorf("ran %v, want %v", ran, want)
	}
}
