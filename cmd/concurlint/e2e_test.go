package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/sarifschema"
)

// sarifLog is the part of a SARIF log the tests read.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
					Help    struct {
						Text string `json:"text"`
					} `json:"help"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations        []sarifLocation   `json:"locations"`
			RelatedLocations []sarifLocation   `json:"relatedLocations"`
			Fixes            []json.RawMessage `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
		} `json:"region"`
	} `json:"physicalLocation"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
}

// The end-to-end tests build the concurlint binary once and run it the
// ways a user does, standalone and under go vet, over the fixture
// module testdata/e2e (module example.com/e2e, go 1.21).

// wantLoops is the standalone output on the fixture's ./...: each
// finding followed by its related information, with paths relative to
// the module root, sorted by file and position. Keep it in step with testdata/e2e/loops.
var wantLoops = []string{
	"loops/loops.go:25:8: loop variable it is shared by every iteration (go1.21 semantics): the goroutine may see a later value; pass it as an argument or copy it (it := it)",
	"loops/loops.go:23:9: \tloop variable it declared here, once for all iterations",
	"loops/loops.go:24:3: \tgoroutine started here",
	"loops/loops.go:37:8: loop variable i is shared by every iteration (go1.21 semantics): the goroutine may see a later value; pass it as an argument or copy it (i := i)",
	"loops/loops.go:33:6: \tloop variable i declared here, once for all iterations",
	"loops/loops.go:35:3: \tgoroutine started here",
	"loops/loops.go:46:22: loop variable name is shared by every iteration (go1.21 semantics): the deferred call may see a later value; pass it as an argument or copy it (name := name)",
	"loops/loops.go:45:9: \tloop variable name declared here, once for all iterations",
	"loops/loops.go:46:3: \tcall deferred here",
	"loops/loops.go:53:11: address of loop variable it is shared by every iteration (go1.21 semantics): the goroutine may see a later value through it; copy it (it := it) first",
	"loops/loops.go:52:9: \tloop variable it declared here, once for all iterations",
	"loops/loops.go:53:3: \tgoroutine started here",
	"loops/loops.go:62:20: loop variable r is shared by every iteration (go1.21 semantics): the goroutine may see a later value; pass it as an argument or copy it (r := r)",
	"loops/loops.go:59:6: \tloop variable r declared here, once for all iterations",
	"loops/loops.go:62:4: \tgoroutine started here",
	"loops/loops.go:133:6: address of loop variable it is shared by every iteration (go1.21 semantics): the goroutine may see a later value through it; copy it (it := it) first",
	"loops/loops.go:132:9: \tloop variable it declared here, once for all iterations",
	"loops/loops.go:133:3: \tgoroutine started here",
	"loops/loops.go:140:9: address of loop variable it is shared by every iteration (go1.21 semantics): the receiver may see a later value through it; copy it (it := it) first",
	"loops/loops.go:139:9: \tloop variable it declared here, once for all iterations",
	"loops/loops_test.go:10:8: loop variable name is shared by every iteration (go1.21 semantics): the parallel subtest may see a later value; copy it (name := name)",
	"loops/loops_test.go:7:9: \tloop variable name declared here, once for all iterations",
	"loops/loops_test.go:8:3: \tparallel subtest started here",
	"loops/suppress.go:14:3: //concurlint:ignore loopcapture suppresses nothing here: remove it",
}

// wantSupervised are the extra findings when Supervisor.Go is named a
// spawner: loopcapture's in loops.go, and ctxleak's in supervised.go
// (every analyzer takes the one list).
var wantSupervised = []string{
	"loops/loops.go:126:21: loop variable it is shared by every iteration (go1.21 semantics): the goroutine may see a later value; copy it (it := it)",
	"loops/loops.go:125:9: \tloop variable it declared here, once for all iterations",
	"loops/loops.go:126:3: \tgoroutine started here",
}

var wantSupervisedCtx = []string{
	"loops/supervised.go:10:3: this goroutine loops forever without looking at its context: nothing can stop it; select on ctx.Done() (or check ctx.Err()) in the loop",
	"loops/supervised.go:9:2: \tgoroutine started here",
}

// withSupervisor is the standalone output on ./... when Supervisor.Go is
// named a spawner: wantLoops with wantSupervised and wantSupervisedCtx
// in their places (suppress.go's line sorts last).
func withSupervisor() []string {
	n := len(wantLoops) - 1
	return slices.Concat(wantLoops[:15], wantSupervised, wantLoops[15:n], wantSupervisedCtx, wantLoops[n:])
}

func TestE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs go vet: skipped in -short mode")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	tmp := t.TempDir()
	bin := concurlintBinary(t)
	mod := copyTree(t, filepath.Join("..", "..", "testdata", "e2e"), filepath.Join(tmp, "e2e"))

	// findings returns the position lines of out (findings and their
	// related information) with mod's path removed, in order.
	findings := func(out string) []string { return findingLines(mod, out) }
	expectExit := func(t *testing.T, got, want int, stdout, stderr string) {
		t.Helper()
		if got != want {
			t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", got, want, stdout, stderr)
		}
	}
	expectLines := func(t *testing.T, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("findings differ\ngot:\n\t%s\nwant:\n\t%s",
				strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
	}

	t.Run("standalone", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "./...")
		expectExit(t, code, 3, stdout, stderr)
		expectLines(t, findings(stderr), wantLoops)
	})

	// The in-process driver (the x/tools multichecker, one process)
	// reports the same findings in the same order.
	t.Run("standalone-inprocess", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "-driver=inprocess", "./...")
		expectExit(t, code, 3, stdout, stderr)
		expectLines(t, findings(stderr), wantLoops)
	})

	t.Run("standalone-clean", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "./clean")
		expectExit(t, code, 0, stdout, stderr)
		expectLines(t, findings(stdout+stderr), nil)
	})

	t.Run("vet", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, goCmd, "vet", "-vettool="+bin, "./...")
		expectExit(t, code, 1, stdout, stderr)
		// go vet prints "# pkg" headers, then the findings and their
		// related information as file:line:col: lines, per package in
		// no fixed order: compare findings as a set, each with its
		// related lines.
		for _, line := range strings.Split(stderr, "\n") {
			if line != "" && !strings.HasPrefix(line, "# ") && !positionLine.MatchString(line) {
				t.Errorf("unexpected line in go vet output: %q", line)
			}
		}
		expectLines(t, groups(findings(stderr)), groups(wantLoops))
	})

	// Lock-order edges travel three packages deep: deep3 imports only
	// deep2, which imports deep1. go vet shows a package only its direct
	// imports' facts, so deep2 must fold deep1's edges into its own.
	t.Run("lockorder-three-deep", func(t *testing.T) {
		deep := copyTree(t, filepath.Join("..", "..", "testdata", "lockdeep"), filepath.Join(tmp, "lockdeep"))
		want := []string{
			"deep3/deep3.go:11:11: lock order inversion: (deep1.B).Mu then (deep1.A).Mu here in deep3.BA, but (deep1.A).Mu then (deep1.B).Mu at deep1.go:12 in deep1.AB; goroutines taking both paths at once deadlock",
			"deep3/deep3.go:9:11: \t(deep1.B).Mu acquired here, before (deep1.A).Mu",
		}
		clean := func(out string) []string {
			var lines []string
			for _, l := range strings.Split(out, "\n") {
				l = strings.ReplaceAll(l, deep+string(filepath.Separator), "")
				if strings.HasPrefix(l, "deep3/") {
					lines = append(lines, filepath.ToSlash(l))
				}
			}
			return lines
		}
		code, stdout, stderr := runSplit(t, deep, bin, "./...")
		expectExit(t, code, 3, stdout, stderr)
		expectLines(t, clean(stderr), want)
		code, stdout, stderr = runSplit(t, deep, goCmd, "vet", "-vettool="+bin, "./...")
		expectExit(t, code, 1, stdout, stderr)
		got := clean(stderr)
		expectLines(t, got, want)
	})

	t.Run("vet-clean", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, goCmd, "vet", "-vettool="+bin, "./clean")
		expectExit(t, code, 0, stdout, stderr)
		expectLines(t, findings(stdout+stderr), nil)
	})

	t.Run("type-error", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "./testdata/broken")
		expectExit(t, code, 1, stdout, stderr)
		if !strings.Contains(stderr, "broken.go:5:9: cannot use") {
			t.Errorf("stderr does not report the type error:\n%s", stderr)
		}
	})

	t.Run("json", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "-json", "./...")
		expectExit(t, code, 3, stdout, stderr)
		// {"pkg": {"analyzer": [diagnostic, ...]}}; a package with tests
		// appears twice (pkg and "pkg [pkg.test]"), so deduplicate.
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
			t.Fatalf("-json output is not JSON: %v\n%s", err, stdout)
		}
		seen := make(map[string]bool)
		var got []string
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				if name != "loopcapture" {
					t.Errorf("%s: unexpected analyzer %q: %s", pkg, name, raw)
					continue
				}
				var diags []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
					Related []struct {
						Posn    string `json:"posn"`
						Message string `json:"message"`
					} `json:"related"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("%s: %v\n%s", pkg, err, raw)
				}
				for _, d := range diags {
					text := d.Posn + ": " + d.Message
					for _, r := range d.Related {
						text += "\n" + r.Posn + ": \t" + r.Message
					}
					if !seen[text] {
						seen[text] = true
						got = append(got, findings(text)...)
					}
				}
			}
		}
		expectLines(t, groups(got), groups(wantLoops))
	})

	// Every format exits 3 with findings and 0 without, so a CI step
	// fails exactly when there are findings.
	t.Run("exit-codes", func(t *testing.T) {
		for _, driver := range []string{"vet", "inprocess"} {
			for _, format := range []string{"text", "json", "sarif", "github"} {
				flags := []string{"-driver=" + driver, "-format=" + format}
				code, stdout, stderr := runSplit(t, mod, bin, append(flags, "./...")...)
				expectExit(t, code, 3, stdout, stderr)
				code, stdout, stderr = runSplit(t, mod, bin, append(flags, "./clean")...)
				expectExit(t, code, 0, stdout, stderr)
				code, stdout, stderr = runSplit(t, mod, bin, append(flags, "./testdata/broken")...)
				expectExit(t, code, 1, stdout, stderr)
			}
		}
		code, stdout, stderr := runSplit(t, mod, bin, "-format=xml", "./...")
		expectExit(t, code, 2, stdout, stderr)
	})

	t.Run("sarif", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "concurlint.sarif")
		code, stdout, stderr := runSplit(t, mod, bin, "-format=sarif", "-o", out, "./...")
		expectExit(t, code, 3, stdout, stderr)
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := sarifschema.Validate(data); err != nil {
			t.Fatalf("not valid SARIF 2.1.0: %v\n%s", err, data)
		}
		var log sarifLog
		if err := json.Unmarshal(data, &log); err != nil {
			t.Fatal(err)
		}
		driver := log.Runs[0].Tool.Driver
		var rules []string
		for _, r := range driver.Rules {
			rules = append(rules, r.ID)
			if !strings.HasPrefix(r.HelpURI, "https://github.com/concurlint/concurlint/blob/") || !strings.HasSuffix(r.HelpURI, "/README.md#"+r.ID) ||
				!strings.HasPrefix(r.Help.Text, r.ID+": ") {
				t.Errorf("rule %s: helpUri %q, help does not hold its doc.go", r.ID, r.HelpURI)
			}
		}
		if !slices.Equal(rules, []string{"chanclose", "chanleak", "ctxleak", "lockorder", "loopcapture", "mapaccess"}) {
			t.Errorf("rules = %q, want one per analyzer", rules)
		}
		// The same findings as the text output, each with its related
		// locations; loopcapture's copy fix travels as a SARIF fix.
		var got []string
		fixes := 0
		for _, r := range log.Runs[0].Results {
			loc := r.Locations[0].PhysicalLocation
			message, _, _ := strings.Cut(r.Message.Text, "\n")
			got = append(got, fmt.Sprintf("%s:%d:%d: %s", loc.ArtifactLocation.URI,
				loc.Region.StartLine, loc.Region.StartColumn, strings.ReplaceAll(message, `\`, "")))
			for _, rel := range r.RelatedLocations {
				p := rel.PhysicalLocation
				got = append(got, fmt.Sprintf("%s:%d:%d: \t%s", p.ArtifactLocation.URI,
					p.Region.StartLine, p.Region.StartColumn, rel.Message.Text))
			}
			fixes += len(r.Fixes)
		}
		expectLines(t, got, wantLoops)
		if fixes == 0 {
			t.Error("no suggested fix in the SARIF log")
		}
	})

	t.Run("github", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "-format=github", "./...")
		expectExit(t, code, 3, stdout, stderr)
		command := regexp.MustCompile(`^::error file=([^,]+),line=(\d+),col=(\d+)(?:,endLine=\d+)?(?:,endColumn=\d+)?,title=concurlint \((\w+)\)::(.*)$`)
		var got []string
		for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
			m := command.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("not a workflow command: %q", line)
			}
			// The message, then each related position on a line of its
			// own (newlines escaped as %0A).
			msgs := strings.Split(m[5], "%0A")
			got = append(got, fmt.Sprintf("%s:%s:%s: %s", m[1], m[2], m[3], msgs[0]))
			for _, rel := range msgs[1:] {
				posn, msg, _ := strings.Cut(rel, ": ")
				got = append(got, posn+": \t"+msg)
			}
		}
		expectLines(t, got, wantLoops)
	})

	t.Run("help", func(t *testing.T) {
		src, err := os.ReadFile(filepath.Join("..", "..", "analyzers", "loopcapture", "doc.go"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := analysisdoc.Extract(string(src), "loopcapture")
		if err != nil {
			t.Fatal(err)
		}
		summary := analysisdoc.Summary(doc)

		code, stdout, stderr := runSplit(t, mod, bin, "help")
		expectExit(t, code, 0, stdout, stderr)
		if !regexp.MustCompile(`(?m)^\s*loopcapture\s+` + regexp.QuoteMeta(summary) + `$`).MatchString(stdout) {
			t.Errorf("help does not list loopcapture with its summary %q:\n%s", summary, stdout)
		}

		code, stdout, stderr = runSplit(t, mod, bin, "help", "loopcapture")
		expectExit(t, code, 0, stdout, stderr)
		// The summary line, the flags, then the rest of doc.go's text.
		if !strings.HasPrefix(stdout, "loopcapture: "+summary+"\n") {
			t.Errorf("help loopcapture does not start with the summary:\n%s", stdout)
		}
		_, body, _ := strings.Cut(doc, "\n")
		if body = strings.TrimSpace(body); body == "" || !strings.Contains(stdout, body) {
			t.Errorf("help loopcapture does not print doc.go's description:\n%s", stdout)
		}
		if !strings.Contains(stdout, "-loopcapture.spawners") {
			t.Errorf("help loopcapture does not list the -loopcapture.spawners flag:\n%s", stdout)
		}
	})

	t.Run("disabled", func(t *testing.T) {
		code, stdout, stderr := runSplit(t, mod, bin, "-loopcapture=false", "./...")
		expectExit(t, code, 0, stdout, stderr)
		expectLines(t, findings(stdout+stderr), nil)
	})

	// trust_test.go: no silent pass, usage errors, version.
	t.Run("older-go", func(t *testing.T) { testOlderGo(t, bin, mod) })
	t.Run("not-understood", func(t *testing.T) { testUnderstood(t, bin, mod) })
	t.Run("usage", func(t *testing.T) { testUsage(t, bin, mod) })
	t.Run("version", func(t *testing.T) { testVersion(t, bin, mod) })
	t.Run("vet-command", func(t *testing.T) { testVetCommand(t, bin, mod) })

	t.Run("spawners", func(t *testing.T) {
		// One list, named with -spawners or on any analyzer's
		// -NAME.spawners (the older form), serves every analyzer,
		// standalone and under go vet (the config's spawners reach the
		// in-process driver as -spawners: config_test.go).
		const sup = "(*example.com/e2e/loops.Supervisor).Go"
		for _, args := range [][]string{
			{"-loopcapture.spawners=" + sup, "./..."},
			{"-spawners", sup, "./..."},
		} {
			code, stdout, stderr := runSplit(t, mod, bin, args...)
			expectExit(t, code, 3, stdout, stderr)
			expectLines(t, findings(stderr), withSupervisor())
		}
		code, stdout, stderr := runSplit(t, mod, goCmd, "vet", "-vettool="+bin, "-spawners="+sup, "./...")
		expectExit(t, code, 1, stdout, stderr)
		expectLines(t, groups(findings(stderr)), groups(withSupervisor()))
	})

	e2e := e2eRunner{bin, goCmd, expectExit, expectLines} // config_test.go
	t.Run("config", func(t *testing.T) { testConfig(t, e2e) })
	t.Run("baseline", func(t *testing.T) { testBaseline(t, e2e) })
}

// positionLine matches a finding or related-information line.
var positionLine = regexp.MustCompile(`^[^\s:][^:]*\.go:\d+:\d+: `)

// groups joins each finding with its related-information lines (those
// whose message starts with a tab) and sorts the result.
func groups(lines []string) []string {
	var out []string
	for _, line := range lines {
		if _, msg, _ := strings.Cut(line, ": "); strings.HasPrefix(msg, "\t") && len(out) > 0 {
			out[len(out)-1] += "\n" + line
			continue
		}
		out = append(out, line)
	}
	slices.Sort(out)
	return out
}
