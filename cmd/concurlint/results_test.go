package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/sarifschema"
)

// The package's tests build the binary once, on first use, and remove it
// when they are done.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// concurlintBinary returns the path of the concurlint binary built from
// this package, building it on the first call.
func concurlintBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "concurlint-test-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "concurlint")
		build := exec.Command("go", "build", "-o", built.bin, ".")
		build.Env = append(os.Environ(), offlineEnv...)
		built.out, built.err = build.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

// offlineEnv keeps the go command offline, out of any workspace and on
// the local toolchain.
var offlineEnv = []string{"GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local"}

// fixtureEnv is the environment the binary runs in over a fixture
// module: offlineEnv, with go.mod updated as needed.
var fixtureEnv = append([]string{"GOFLAGS=-mod=mod"}, offlineEnv...)

// runSplit runs name with args in dir under fixtureEnv and returns its
// exit code, stdout and stderr.
func runSplit(t *testing.T, dir, name string, args ...string) (int, string, string) {
	t.Helper()
	return runWith(t, fixtureEnv, dir, name, args...)
}

// runWith runs name with args in dir with env added to the environment
// and returns its exit code, stdout and stderr.
func runWith(t *testing.T, env []string, dir, name string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = exit.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

// TestResults runs the binary over testdata/results (module
// example.com/results, go 1.21): failed packages in every format (issue
// 12 item 4), build flags in -fix, -diff and -test=false (item 5),
// malformed suppression directives (item 6) and the summary line
// (item 9).
func TestResults(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs go vet: skipped in -short mode")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	bin := concurlintBinary(t)
	mod := copyTree(t, filepath.Join("..", "..", "testdata", "results"), filepath.Join(t.TempDir(), "results"))
	expectExit := func(t *testing.T, got, want int, stdout, stderr string) {
		t.Helper()
		if got != want {
			t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", got, want, stdout, stderr)
		}
	}
	internalPass := regexp.MustCompile(`skipped due to errors|failed prerequisites|buildssa|ssabuild|ctrlflow|lockmodel|lockflows`)

	t.Run("failed-packages", func(t *testing.T) {
		broken := []string{"./testdata/typeerr", "./testdata/syntax", "./bugs"}
		typeErr := `cannot use "not an int" (untyped string constant) as int value in return statement`
		for _, driver := range []string{"vet", "inprocess"} {
			t.Run(driver+"/text", func(t *testing.T) {
				code, stdout, stderr := runSplit(t, mod, bin, append([]string{"-driver=" + driver}, broken...)...)
				expectExit(t, code, 1, stdout, stderr)
				for _, want := range []string{
					"# example.com/results/testdata/typeerr\ntestdata/typeerr/typeerr.go:5:9: " + typeErr + "\n",
					"# example.com/results/testdata/syntax\ntestdata/syntax/syntax.go:6:1: expected operand, found '}'\n",
					"bugs/bugs.go:10:8: loop variable it is shared", // the packages that build are still analysed
					", 2 failed\n",
				} {
					if !strings.Contains(stderr, want) {
						t.Errorf("text output lacks %q:\n%s", want, stderr)
					}
				}
				if internalPass.MatchString(stdout + stderr) {
					t.Errorf("output names an internal pass, not the compile error:\n%s", stderr)
				}
			})
			t.Run(driver+"/json", func(t *testing.T) {
				code, stdout, stderr := runSplit(t, mod, bin, append([]string{"-driver=" + driver, "-json"}, broken...)...)
				expectExit(t, code, 1, stdout, stderr)
				var tree map[string]map[string]json.RawMessage
				if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, stdout)
				}
				var failed struct {
					Error string `json:"error"`
				}
				raw := tree["example.com/results/testdata/typeerr"]["build"]
				if err := json.Unmarshal(raw, &failed); err != nil || !strings.HasSuffix(failed.Error, "typeerr.go:5:9: "+typeErr) {
					t.Errorf("typeerr's build error = %s (%v), want the compile error", raw, err)
				}
				if len(tree["example.com/results/bugs"]["loopcapture"]) == 0 {
					t.Errorf("no findings for the package that builds:\n%s", stdout)
				}
				if internalPass.MatchString(stdout + stderr) {
					t.Errorf("output names an internal pass:\n%s\n%s", stdout, stderr)
				}
			})
			t.Run(driver+"/sarif", func(t *testing.T) {
				code, stdout, stderr := runSplit(t, mod, bin, append([]string{"-driver=" + driver, "-format=sarif"}, broken...)...)
				expectExit(t, code, 1, stdout, stderr)
				if err := sarifschema.Validate([]byte(stdout)); err != nil {
					t.Fatalf("not valid SARIF 2.1.0: %v\n%s", err, stdout)
				}
				var log struct {
					Runs []struct {
						Invocations []struct {
							ExecutionSuccessful        bool `json:"executionSuccessful"`
							ToolExecutionNotifications []struct {
								Message   struct{ Text string }
								Locations []sarifLocation `json:"locations"`
							} `json:"toolExecutionNotifications"`
						} `json:"invocations"`
						Results []json.RawMessage `json:"results"`
					} `json:"runs"`
				}
				if err := json.Unmarshal([]byte(stdout), &log); err != nil {
					t.Fatal(err)
				}
				run := log.Runs[0]
				inv := run.Invocations[0]
				if inv.ExecutionSuccessful {
					t.Error("executionSuccessful is true with packages that do not build")
				}
				var got []string
				for _, n := range inv.ToolExecutionNotifications {
					if len(n.Locations) != 1 {
						t.Errorf("notification %q has %d locations, want the compile error's", n.Message.Text, len(n.Locations))
						continue
					}
					p := n.Locations[0].PhysicalLocation
					got = append(got, p.ArtifactLocation.URI+":"+strconv.Itoa(p.Region.StartLine)+": "+n.Message.Text)
				}
				want := "testdata/typeerr/typeerr.go:5: example.com/results/testdata/typeerr: " + typeErr
				if !strings.Contains(strings.Join(got, "\n"), want) || internalPass.MatchString(stdout) {
					t.Errorf("notifications:\n%s\nwant one for %q and none naming an internal pass", strings.Join(got, "\n"), want)
				}
				if len(run.Results) == 0 {
					t.Error("no results for the package that builds")
				}
			})
			t.Run(driver+"/github", func(t *testing.T) {
				code, stdout, stderr := runSplit(t, mod, bin, append([]string{"-driver=" + driver, "-format=github"}, broken...)...)
				expectExit(t, code, 1, stdout, stderr)
				want := "::error file=testdata/typeerr/typeerr.go,line=5,col=9,title=concurlint (package does not build)::example.com/results/testdata/typeerr: " + typeErr + "\n"
				if !strings.HasPrefix(stdout, "::error file=testdata/syntax/") || !strings.Contains(stdout, want) {
					t.Errorf("github output, want the failures first, with\n%s\ngot:\n%s", want, stdout)
				}
				if internalPass.MatchString(stdout + stderr) {
					t.Errorf("output names an internal pass:\n%s\n%s", stdout, stderr)
				}
			})
		}
		// A missing import stops go vet before any package is analysed;
		// the package is still named, from its directory.
		for _, driver := range []string{"vet", "inprocess"} {
			code, stdout, stderr := runSplit(t, mod, bin, "-driver="+driver, "-format=github", "./testdata/noimport")
			expectExit(t, code, 1, stdout, stderr)
			want := "::error file=testdata/noimport/noimport.go,line=4,col=8,title=concurlint (package does not build)::example.com/results/testdata/noimport: "
			if !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, "example.com/nothere") {
				t.Errorf("%s: github output, want it to start with %q and name the missing import:\n%s", driver, want, stdout)
			}
		}
	})

	t.Run("summary", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "./...")
		expectExit(t, code, 3, stdout, stderr)
		const want = "concurlint: 6 findings (chanclose 1, loopcapture 5), 2 packages analysed, 0 failed\n"
		if !strings.HasSuffix(stderr, want) {
			t.Errorf("text output does not end with %q:\n%s", want, stderr)
		}
		code, stdout, stderr = runSplit(t, mod, bin, "./tagged")
		expectExit(t, code, 0, stdout, stderr)
		if want := "concurlint: no findings, 1 package analysed, 0 failed\n"; stderr != want {
			t.Errorf("clean run printed %q, want %q", stderr, want)
		}
		// The machine formats have no summary and no progress: stdout is
		// the format alone, stderr is empty.
		for _, format := range []string{"json", "sarif", "github"} {
			code, stdout, stderr := runSplit(t, mod, bin, "-format="+format, "./...")
			expectExit(t, code, 3, stdout, stderr)
			if stderr != "" || strings.Contains(stdout, "concurlint: ") || strings.Contains(stdout, "\r") {
				t.Errorf("-format=%s: stderr %q; stdout has a summary or progress:\n%s", format, stderr, stdout)
			}
		}
	})

	t.Run("directives", func(t *testing.T) {
		want := []string{
			`bugs/directives.go:7:3: //concurlint:ignore LoopCapture: no analyzer is named "LoopCapture" (did you mean loopcapture?); this directive suppresses nothing`,
			`bugs/directives.go:9:3: //concurlint:ignore loopcaptur: no analyzer is named "loopcaptur" (did you mean loopcapture?); this directive suppresses nothing`,
			`bugs/directives.go:11:3: //concurlint:ignore names no analyzer and suppresses nothing: write //concurlint:ignore NAME <reason>`,
			`bugs/directives.go:13:3: "// concurlint:ignore" with a space after the slashes is not a directive and suppresses nothing: write //concurlint:ignore NAME <reason>`,
		}
		code, stdout, stderr := runSplit(t, mod, bin, "./bugs")
		expectExit(t, code, 3, stdout, stderr)
		code, vetOut, vetErr := runSplit(t, mod, "go", "vet", "-vettool="+bin, "./bugs")
		expectExit(t, code, 1, vetOut, vetErr)
		for _, line := range want {
			if strings.Count(stderr, line+"\n") != 1 || strings.Count(vetErr, line+"\n") != 1 {
				t.Errorf("standalone and go vet should each report once:\n%s\nstandalone:\n%s\ngo vet:\n%s", line, stderr, vetErr)
			}
		}
	})

	t.Run("test-false-tags", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "-test=false", "-tags=integration", "./tagged")
		expectExit(t, code, 3, stdout, stderr)
		if !strings.Contains(stderr, "tagged/bug_integration.go:8:19: loop variable it is shared") {
			t.Errorf("-tags=integration did not reach the analysis:\n%s", stderr)
		}
		code, stdout, stderr = runSplit(t, mod, bin, "-test=false", "-tags", "integration", "-format=sarif", "./tagged")
		expectExit(t, code, 3, stdout, stderr)
		code, stdout, stderr = runSplit(t, mod, bin, "-test=false", "./tagged")
		expectExit(t, code, 0, stdout, stderr)
	})

	t.Run("fix-diff", func(t *testing.T) {
		code, patch, stderr := runSplit(t, mod, bin, "-fix", "-diff", "-tags=integration", "./bugs", "./tagged")
		expectExit(t, code, 3, patch, stderr)
		for _, want := range []string{
			"concurlint: the diff holds 2 fixes to 2 files: bugs/bugs.go, tagged/bug_integration.go\n",
			"concurlint: 5 findings have no fix:\n",
			"bugs/bugs.go:19:3: //concurlint:ignore loopcapture suppresses nothing here: remove it\n",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		if !strings.Contains(patch, "--- a/tagged/bug_integration.go\n+++ b/tagged/bug_integration.go\n") {
			t.Errorf("the diff does not name files relative to the module root:\n%s", patch)
		}
		// git apply takes the patch in a repository holding the module.
		repo := copyTree(t, filepath.Join("..", "..", "testdata", "results"), filepath.Join(t.TempDir(), "repo"))
		if code, out, errOut := runSplit(t, repo, "git", "init", "-q"); code != 0 {
			t.Skipf("git init: %s%s", out, errOut)
		}
		file := filepath.Join(t.TempDir(), "fix.patch")
		if err := os.WriteFile(file, []byte(patch), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, out, errOut := runSplit(t, repo, "git", "apply", "--check", file); code != 0 {
			t.Errorf("git apply --check: %s%s\n%s", out, errOut, patch)
		}
	})

	t.Run("fix", func(t *testing.T) {
		dir := copyTree(t, filepath.Join("..", "..", "testdata", "results"), filepath.Join(t.TempDir(), "fix"))
		code, stdout, stderr := runSplit(t, dir, bin, "-fix", "-tags=integration", "./tagged")
		expectExit(t, code, 0, stdout, stderr)
		if want := "concurlint: applied 1 fix, changed 1 file: tagged/bug_integration.go\n"; stderr != want {
			t.Errorf("-fix printed %q, want %q", stderr, want)
		}
		data, err := os.ReadFile(filepath.Join(dir, "tagged", "bug_integration.go"))
		if err != nil || !strings.Contains(string(data), "\t\tit := it\n") {
			t.Errorf("the fix was not applied (%v):\n%s", err, data)
		}
		code, stdout, stderr = runSplit(t, dir, bin, "-test=false", "-tags=integration", "./tagged")
		expectExit(t, code, 0, stdout, stderr)
	})
}

// TestProgressStream counts one package per JSON value at the start of
// a line, however the writes split them, and shows the count once per
// write that completes a package.
func TestProgressStream(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, 3)
	w := p.watch()
	for _, chunk := range []string{"{}\n{", "\n\t\"pkg\": {\n", "\t}\n}\n{}", "\n"} {
		w.Write([]byte(chunk))
	}
	p.clear()
	want := "\r\033[Kconcurlint: 0/3 packages\r\033[Kconcurlint: 2/3 packages\r\033[Kconcurlint: 3/3 packages\r\033[K"
	if out.String() != want {
		t.Errorf("progress wrote %q, want %q", out.String(), want)
	}
}

// TestProgressTerminal runs the standalone driver in this process with
// stderr taken for a terminal: progress is shown, overwritten in place,
// and cleared before the findings and the summary.
func TestProgressTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs go vet: skipped in -short mode")
	}
	bin := concurlintBinary(t)
	mod := copyTree(t, filepath.Join("..", "..", "testdata", "results"), filepath.Join(t.TempDir(), "results"))
	t.Chdir(mod)
	for _, kv := range fixtureEnv {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	savedTerminal, savedExecutable := isTerminal, executable
	t.Cleanup(func() { isTerminal, executable = savedTerminal, savedExecutable })
	isTerminal = func(io.Writer) bool { return true }
	executable = func() (string, error) { return bin, nil }

	var stdout, stderr bytes.Buffer
	code := run([]string{"./bugs", "./tagged"}, analyzers.All(), &stdout, &stderr)
	if code != exitFindings {
		t.Fatalf("exit code %d, want %d\n%s", code, exitFindings, stderr.String())
	}
	out := stderr.String()
	progress, results, ok := strings.Cut(out, "\r\033[Kconcurlint: 2/2 packages\r\033[K")
	if !ok || !strings.HasPrefix(progress, "\r\033[Kconcurlint: 0/2 packages") {
		t.Fatalf("no progress from 0/2 to 2/2, cleared at the end:\n%q", out)
	}
	if !strings.HasPrefix(results, "bugs/bugs.go:10:8: ") || !strings.HasSuffix(results, ", 2 packages analysed, 0 failed\n") {
		t.Errorf("after the progress, want the findings then the summary:\n%s", results)
	}
}
