package main

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestDeterministic runs the binary twice over each fixture and asserts
// byte-identical output: standalone in text and -json form, and under
// go vet. Map iteration order differs from run to run, so a message,
// related-information list or report order that leaks it shows here.
//
// go vet caches results by the tool's identity (a hash of the
// executable), so each go vet -json run gets a fresh copy of the binary
// with a few bytes appended: the tool runs again on every package while
// the build cache stays warm. go vet prints packages as they finish, and
// a package's analyzers in map order, so its output is compared as sets
// of per-package JSON values (byte for byte) and of findings (text).
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs go vet: skipped in -short mode")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	tmp := t.TempDir()
	bin := concurlintBinary(t)
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	// Each fixture: where to run, what to run on, and the exit codes
	// of a standalone text run and a go vet run.
	fixtures := []struct {
		name, dir, pattern string
		text, vet          int
	}{
		{"e2e", copyTree(t, filepath.Join(repo, "testdata", "e2e"), filepath.Join(tmp, "e2e")), "./...", 3, 1},
		{"lockdeep", copyTree(t, filepath.Join(repo, "testdata", "lockdeep"), filepath.Join(tmp, "lockdeep")), "./...", 3, 1},
		{"demo", repo, "./testdata/demo", 3, 1},
	}
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			// Standalone runs go vet underneath, which would replay the
			// first run from its cache: each run gets a fresh binary.
			twice := func(mode string, want int, args ...string) [2]string {
				var outs [2]string
				for i := range outs {
					name := freshCopy(t, bin, 10+i)
					code, out := runIn(t, f.dir, name, args...)
					if code != want {
						t.Fatalf("%s %s: exit %d, want %d\n%s", name, strings.Join(args, " "), code, want, out)
					}
					outs[i] = out
				}
				if outs[0] == "" {
					t.Fatalf("%s: no output; the comparison would prove nothing", mode)
				}
				return outs
			}
			for _, mode := range []string{"text", "json"} {
				args := []string{f.pattern}
				if mode == "json" {
					args = []string{"-json", f.pattern}
				}
				outs := twice(mode, f.text, args...)
				if outs[0] != outs[1] {
					t.Errorf("%s output differs between two runs:\n%s", mode, firstDifference(outs[0], outs[1]))
				}
			}
			// Under go vet: -json runs the tool (a fresh copy each time)
			// and the text run that follows replays its cached output.
			var vetJSON, vetText [2][]string
			for i := range 2 {
				tool := freshCopy(t, bin, i)
				code, out := runIn(t, f.dir, goCmd, "vet", "-json", "-vettool="+tool, f.pattern)
				if code != 0 {
					t.Fatalf("go vet -json: exit %d\n%s", code, out)
				}
				vetJSON[i] = jsonValues(t, out)
				code, out = runIn(t, f.dir, goCmd, "vet", "-vettool="+tool, f.pattern)
				if code != f.vet {
					t.Fatalf("go vet: exit %d, want %d\n%s", code, f.vet, out)
				}
				vetText[i] = vetGroups(out)
			}
			if !slices.Equal(vetJSON[0], vetJSON[1]) {
				t.Errorf("go vet -json output differs between two runs:\n%s",
					firstDifference(strings.Join(vetJSON[0], "\n"), strings.Join(vetJSON[1], "\n")))
			}
			if !slices.Equal(vetText[0], vetText[1]) {
				t.Errorf("go vet output differs between two runs:\n%s",
					firstDifference(strings.Join(vetText[0], "\n"), strings.Join(vetText[1], "\n")))
			}
		})
	}
}

// runIn runs name with args in dir and returns its exit code and its
// stdout followed by its stderr.
func runIn(t *testing.T, dir, name string, args ...string) (int, string) {
	t.Helper()
	code, stdout, stderr := runWith(t, offlineEnv, dir, name, args...)
	return code, stdout + stderr
}

// freshCopy copies the binary with n+1 bytes appended, so that go vet
// sees a new tool and runs it instead of replaying its cache. (The
// loader ignores bytes after the ELF, Mach-O or PE image.)
func freshCopy(t *testing.T, bin string, n int) string {
	t.Helper()
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, bytes.Repeat([]byte{0}, n+1)...)
	tool := filepath.Join(filepath.Dir(bin), "concurlint-"+strings.Repeat("x", n+1))
	if err := os.WriteFile(tool, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return tool
}

// jsonValues splits go vet -json's output, one JSON object per package
// in the order packages finish, into those objects' bytes, sorted.
func jsonValues(t *testing.T, out string) []string {
	t.Helper()
	var values []string
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var v json.RawMessage
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go vet -json output is not a stream of JSON values: %v\n%s", err, out)
		}
		values = append(values, string(v))
	}
	slices.Sort(values)
	return values
}

// vetGroups splits go vet's text output into findings, each with its
// related-information lines (their message starts with a tab), sorted.
// go vet prints packages as they finish and, within a package, the
// analyzers in map order (cmd/go/internal/vet.printJSONDiagnostics
// ranges over a map), so only this much order is the tool's.
func vetGroups(out string) []string {
	var groups []string
	for _, line := range strings.Split(out, "\n") {
		if _, msg, _ := strings.Cut(line, ": "); strings.HasPrefix(msg, "\t") && len(groups) > 0 {
			groups[len(groups)-1] += "\n" + line
			continue
		}
		groups = append(groups, line)
	}
	slices.Sort(groups)
	return groups
}

// firstDifference shows the first line where a and b differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n first:  " + x + "\n second: " + y
		}
	}
	return "(no line differs)"
}

// copyTree copies the regular files of src to dst and returns dst with
// symbolic links resolved (the tools print resolved paths).
func copyTree(t *testing.T, src, dst string) string {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if real, err := filepath.EvalSymlinks(dst); err == nil {
		return real
	}
	return dst
}
