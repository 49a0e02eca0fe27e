package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/concurlint/concurlint/internal/sarifschema"
)

// testOlderGo runs the standalone driver with an older go command
// underneath (the binary itself is built with the current one): go
// before 1.26 writes go vet -json's output to stderr, not stdout, and
// concurlint must still see the findings and the failures in every
// format. The toolchains come through the module proxy; the test skips
// only when they cannot be downloaded.
func testOlderGo(t *testing.T, bin, mod string) {
	for _, version := range []string{"go1.25.0", "go1.22.12"} {
		t.Run(version, func(t *testing.T) {
			fetch := exec.Command("go", "version")
			fetch.Env = append(os.Environ(), "GOTOOLCHAIN="+version)
			if out, err := fetch.CombinedOutput(); err != nil {
				t.Skipf("cannot fetch %s through the module proxy: %v\n%s", version, err, out)
			}
			env := []string{"GOTOOLCHAIN=" + version}
			// The first finding, loops.go:25:8, as each format writes it; the
			// failed package is named in the JSON.
			for format, want := range map[string]string{
				"text": "loops.go:25:8: ", "json": "loops.go:25:8\"", "sarif": `"startLine": 25,`, "github": "line=25,col=8,",
			} {
				code, stdout, stderr := runWith(t, slices.Concat(fixtureEnv, env), mod, bin, "-format="+format, "./loops")
				if code != exitFindings || !strings.Contains(stdout+stderr, want) {
					t.Errorf("-format=%s ./loops: exit %d, want %d with %s\nstdout:\n%s\nstderr:\n%s",
						format, code, exitFindings, want, stdout, stderr)
				}
			}
			code, stdout, stderr := runWith(t, slices.Concat(fixtureEnv, env), mod, bin, "-format=sarif", "./clean")
			if code != exitClean {
				t.Errorf("./clean: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			code, stdout, stderr = runWith(t, slices.Concat(fixtureEnv, env), mod, bin, "-format=json", "./testdata/broken")
			if code != exitErrors || !strings.Contains(stdout, "broken.go:5:9: cannot use") {
				t.Errorf("./testdata/broken: exit %d, want 1 naming the type error\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
		})
	}
}

// testUnderstood checks that output concurlint does not understand
// fails the run: a go command that prints something else and exits 0
// must not pass as clean.
func testUnderstood(t *testing.T, bin, mod string) {
	dir := t.TempDir()
	fake := "#!/bin/sh\necho 'go: something new happened'\necho '{}'\nexit 0\n"
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH")}
	for _, format := range []string{"text", "json", "sarif", "github"} {
		code, stdout, stderr := runWith(t, slices.Concat(fixtureEnv, env), mod, bin, "-format="+format, "./clean")
		if code != exitErrors || !strings.Contains(stderr, "go: something new happened") {
			t.Errorf("-format=%s: exit %d, want 1 showing the unknown line\nstdout:\n%s\nstderr:\n%s", format, code, stdout, stderr)
		}
		// The machine formats say the run did not succeed, too.
		want := map[string]string{"sarif": `"executionSuccessful": false`, "github": "::error ", "json": "not analysis results"}[format]
		if !strings.Contains(stdout, want) {
			t.Errorf("-format=%s: want %q in the output\n%s", format, want, stdout)
		}
	}
}

// testUsage checks that a bad command line is refused once, with exit
// 2, before any package is analysed, and that -h lists concurlint's own
// flags.
func testUsage(t *testing.T, bin, mod string) {
	for _, args := range [][]string{
		{"-foo", "./..."},
		{"-lockorder=maybe", "./..."},
		{"-loopcapture.spawners=not-a-func", "./..."},
		{"-diff", "./..."},
		{"-fix", "-format=sarif", "./..."},
		{"-fix", "-baseline=base.json", "./..."},
		{"-format=xml", "./..."},
		{"-tags"},
		{"-json"},
	} {
		code, stdout, stderr := runSplit(t, mod, bin, args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != exitUsage || stdout != "" || len(lines) != 2 || !strings.HasPrefix(lines[0], "concurlint: ") ||
			lines[1] != "Run 'concurlint -h' for usage." {
			t.Errorf("%q: exit %d, want 2 with one error line and a pointer to -h\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
		}
	}

	code, stdout, stderr := runSplit(t, mod, bin)
	if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "usage: concurlint ") || strings.Count(stderr, "\n") > 3 {
		t.Errorf("no arguments: exit %d, want 2 and a short usage\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	for _, h := range []string{"-h", "-help", "--help"} {
		code, stdout, stderr := runSplit(t, mod, bin, h)
		if code != exitClean {
			t.Errorf("%s: exit %d, want 0\nstderr:\n%s", h, code, stderr)
		}
		for _, flag := range []string{"-format=", "-o FILE", "-driver=vet", "-driver=inprocess", "-c N", "-json", "-fix", "-diff",
			"-test=false", "-NAME", "-NAME=false", "-NAME.FLAG=", "-version", "concurlint version", "concurlint help"} {
			if !strings.Contains(stdout, flag) {
				t.Errorf("%s does not list %s:\n%s", h, flag, stdout)
			}
		}
		// Not the x/tools driver's flags.
		for _, flag := range []string{"-cpuprofile", "-memprofile", "-debug", "-flags"} {
			if strings.Contains(stdout, flag) {
				t.Errorf("%s lists the underlying driver's %s:\n%s", h, flag, stdout)
			}
		}
	}
}

// testVersion checks concurlint version and -version against the build
// info the go command stamped, the SARIF driver's version and help
// links, and that -V=full still answers go vet.
func testVersion(t *testing.T, bin, mod string) {
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	var version, revision string
	modified := false
	for _, line := range strings.Split(string(out), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 3 && fields[0] == "mod":
			version = fields[2]
		case len(fields) == 2 && strings.HasPrefix(fields[1], "vcs.revision="):
			revision = strings.TrimPrefix(fields[1], "vcs.revision=")
		case len(fields) == 2 && fields[1] == "vcs.modified=true":
			modified = true
		}
	}
	if version == "" {
		t.Fatalf("go version -m names no main module version:\n%s", out)
	}
	var lines []string
	for _, args := range [][]string{{"version"}, {"-version"}} {
		code, stdout, stderr := runSplit(t, mod, bin, args...)
		if code != exitClean {
			t.Fatalf("%q: exit %d\n%s", args, code, stderr)
		}
		lines = append(lines, stdout)
	}
	line := lines[0]
	if lines[1] != line || !strings.HasPrefix(line, "concurlint "+version) || !strings.HasSuffix(line, "\n") ||
		!strings.Contains(line, revision) || strings.Contains(line, " modified") != modified {
		t.Errorf("version lines %q, want concurlint %s with revision %q, modified %v", lines, version, revision, modified)
	}

	code, stdout, stderr := runSplit(t, mod, bin, "-format=sarif", "./clean")
	if code != exitClean {
		t.Fatalf("sarif: exit %d\n%s", code, stderr)
	}
	if err := sarifschema.Validate([]byte(stdout)); err != nil {
		t.Fatalf("not valid SARIF 2.1.0: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version         string `json:"version"`
					SemanticVersion string `json:"semanticVersion"`
					Rules           []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	driver := log.Runs[0].Tool.Driver
	if want := strings.TrimPrefix(strings.TrimSpace(line), "concurlint "); driver.Version != want {
		t.Errorf("SARIF driver version %q, want %q", driver.Version, want)
	}
	if want := strings.TrimPrefix(version, "v"); semver.IsValid(version) && driver.SemanticVersion != want {
		t.Errorf("SARIF semanticVersion %q, want %q", driver.SemanticVersion, want)
	}
	// A tagged release links to its tag, a build with a revision to
	// it, any other to main.
	ref := "main"
	if revision == "" && module.IsPseudoVersion(version) {
		revision, _ = module.PseudoVersionRev(version)
	}
	switch {
	case semver.IsValid(version) && !module.IsPseudoVersion(version) && semver.Build(version) == "":
		ref = version
	case revision != "":
		ref = revision
	}
	for _, r := range driver.Rules {
		if want := "https://github.com/concurlint/concurlint/blob/" + ref + "/README.md#" + r.ID; r.HelpURI != want {
			t.Errorf("rule %s: helpUri %q, want %q", r.ID, r.HelpURI, want)
		}
	}

	// go vet's cache key: "<path> version devel ... buildID=<hash>".
	code, stdout, _ = runSplit(t, mod, bin, "-V=full")
	if code != exitClean || !strings.HasPrefix(stdout, bin+" version devel ") || !strings.Contains(stdout, "buildID=") {
		t.Errorf("-V=full: exit %d, %q", code, stdout)
	}
}

// testVetCommand runs the README's go vet command through sh: with
// concurlint on PATH it runs concurlint's analyzers, and without it it
// must fail loudly, not fall back to go vet's own analyzers (which an
// empty -vettool= does, passing silently on clean code).
func testVetCommand(t *testing.T, bin, mod string) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var command string
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "go vet -vettool=") {
			command = line
			break
		}
	}
	if !strings.HasSuffix(command, " ./...") {
		t.Fatalf("no go vet -vettool=... ./... command in the README")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	goDir := filepath.Dir(goCmd)
	withTool := strings.Replace(command, "./...", "./loops", 1)
	withClean := strings.Replace(command, "./...", "./clean", 1)

	path := []string{"PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + goDir}
	code, stdout, stderr := runWith(t, slices.Concat(fixtureEnv, path), mod, "sh", "-c", withTool)
	if code != 1 || !strings.Contains(stderr, "loops.go:25:8: loop variable it is shared") {
		t.Errorf("%s with concurlint on PATH: exit %d, want 1 with concurlint's findings\nstdout:\n%s\nstderr:\n%s", withTool, code, stdout, stderr)
	}
	path = []string{"PATH=" + goDir}
	code, stdout, stderr = runWith(t, slices.Concat(fixtureEnv, path), mod, "sh", "-c", withClean)
	if code == 0 || !strings.Contains(stderr, "concurlint-not-on-PATH") {
		t.Errorf("%s without concurlint on PATH: exit %d, want a failure naming concurlint\nstdout:\n%s\nstderr:\n%s", withClean, code, stdout, stderr)
	}
}
