package output

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestParseBuildErrors reads go vet's stderr as each go version prints
// it: "# pkg" blocks of compiler errors, loading errors without a
// header, continuation lines, the go command's notes, and (go < 1.26)
// the tool's JSON under "# pkg" headers, which is not an error and is
// left for the caller.
func TestParseBuildErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lines := []string{
		"go: downloading example.com/dep v1.0.0",
		"# example.com/m/b [example.com/m/b.test]",
		"b/b.go:5:9: cannot use x (variable of type string) as int value",
		"b/b.go:6:2: undefined: y",
		"# example.com/m/ok",
		"# [example.com/m/ok]",
		"{",
		"\t\"example.com/m/ok\": {}",
		"}",
		"# example.com/m/a",
		"a/a.go:3:1: expected declaration, found '}'",
		"# example.com/m/b",
		"b/b.go:5:9: cannot use x (variable of type string) as int value",
		"c/c.go:3:8: no required module provides package example.com/x; to add it:",
		"\tgo get example.com/x",
		dir + "/d/d.go:4:2: could not import example.com/x",
	}
	// Lines after a header belong to it until the next header, so the
	// headerless ones (what go vet prints when loading fails, and what
	// the in-process driver prints) are read on their own.
	failures, rest := ParseBuildErrors(lines[:13], dir)
	more, rest2 := ParseBuildErrors(lines[13:], dir)
	failures = append(failures, more...)
	rest = append(rest, rest2...)
	want := []Failure{
		{"example.com/m/a", dir + "/a/a.go:3:1", "expected declaration, found '}'"},
		{"example.com/m/b", dir + "/b/b.go:5:9", "cannot use x (variable of type string) as int value"},
		{"example.com/m/b", dir + "/b/b.go:6:2", "undefined: y"},
		{"example.com/m/c", dir + "/c/c.go:3:8", "no required module provides package example.com/x; to add it:\n\tgo get example.com/x"},
		{"example.com/m/d", dir + "/d/d.go:4:2", "could not import example.com/x"},
	}
	if !slices.Equal(failures, want) {
		t.Errorf("failures:\n%q\nwant:\n%q", failures, want)
	}
	wantRest := []string{"go: downloading example.com/dep v1.0.0", "{", "\t\"example.com/m/ok\": {}", "}"}
	if !slices.Equal(rest, wantRest) {
		t.Errorf("rest = %q, want the go command's note and the JSON", rest)
	}
}

// TestAddFailures drops the in-process driver's "skipped" errors when the
// cause is known, and names the package when it is not.
func TestAddFailures(t *testing.T) {
	skipped := []AnalyzerError{
		{"p", "ssabuild", "analysis skipped due to errors in package"},
		{"p", "lockorder", "failed prerequisites: lockmodel@p"},
		{"q", "mapaccess", "internal error"},
	}
	res := &Result{Errors: slices.Clone(skipped)}
	res.AddFailures([]Failure{{"p", "/p/p.go:1:1", "syntax error"}})
	if len(res.Failures) != 1 || !slices.Equal(res.Errors, skipped[2:]) {
		t.Errorf("with the cause known: failures %q, errors %q", res.Failures, res.Errors)
	}
	res = &Result{Errors: slices.Clone(skipped)}
	res.AddFailures(nil)
	want := []Failure{{Package: "p", Message: "not analysed: it or a package it imports does not build"}}
	if !slices.Equal(res.Failures, want) || res.FailedPackages() != 1 {
		t.Errorf("with the cause unknown: failures %q, want %q", res.Failures, want)
	}
}
