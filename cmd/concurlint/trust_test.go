package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// trustRun runs name the way a user would, in dir, with the
// end-to-end tests' environment plus env, and returns its exit code,
// stdout and stderr.
func trustRun(t *testing.T, dir string, env []string, name string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = exit.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

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
			// The first finding, loops.go:25:8, as each format writes it.
			for format, want := range map[string]string{
				"text": "loops.go:25:8: ", "json": "loops.go:25:8\"", "sarif": `"startLine": 25,`, "github": "line=25,col=8,",
			} {
				code, stdout, stderr := trustRun(t, mod, env, bin, "-format="+format, "./loops")
				if code != exitFindings || !strings.Contains(stdout+stderr, want) {
					t.Errorf("-format=%s ./loops: exit %d, want %d with %s\nstdout:\n%s\nstderr:\n%s",
						format, code, exitFindings, want, stdout, stderr)
				}
			}
			code, stdout, stderr := trustRun(t, mod, env, bin, "-format=sarif", "./clean")
			if code != exitClean {
				t.Errorf("./clean: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			code, stdout, stderr = trustRun(t, mod, env, bin, "-format=json", "./testdata/broken")
			if code != exitErrors || !strings.Contains(stderr, "broken.go:5:9: cannot use") {
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
		code, stdout, stderr := trustRun(t, mod, env, bin, "-format="+format, "./clean")
		if code != exitErrors || !strings.Contains(stderr, "go: something new happened") {
			t.Errorf("-format=%s: exit %d, want 1 showing the unknown line\nstdout:\n%s\nstderr:\n%s", format, code, stdout, stderr)
		}
	}
}
