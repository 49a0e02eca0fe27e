package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/concurlint/concurlint/internal/config"
	"github.com/concurlint/concurlint/internal/output"
)

// executable is this binary, which go vet and the in-process driver
// run; a variable so that a test can name the binary it built.
var executable = os.Executable

// runFix applies the suggested fixes (or, with -diff, prints them as a
// patch that git apply takes), says what it did, and lists the findings
// that have no fix. It runs the in-process driver twice: once for the
// findings, once to apply their fixes (x/tools merges the edits of
// fixes that touch one file and gofmts the result).
func runFix(o options, self string, stdout, stderr io.Writer) int {
	dir := workDir()
	res, code := runInProcess(o.inProcessCommand(self, "-json"), dir, stderr)
	if res == nil {
		return code
	}
	var fixed, unfixed []output.Finding
	files := make(map[string]bool)
	for _, f := range res.Findings {
		if len(f.SuggestedFixes) == 0 {
			unfixed = append(unfixed, f)
			continue
		}
		fixed = append(fixed, f)
		for _, e := range f.SuggestedFixes[0].Edits { // the one the driver applies
			files[e.Filename] = true
		}
	}
	opts := output.Options{Dir: dir, Context: o.context}
	output.Text(stderr, &output.Result{Failures: res.Failures}, opts)
	if len(fixed) > 0 {
		mode := []string{"-fix"}
		if o.diff {
			mode = append(mode, "-diff")
		}
		var patch, fixErr bytes.Buffer
		cmd := o.inProcessCommand(self, mode...)
		cmd.Stdout, cmd.Stderr = &patch, &fixErr
		if err := cmd.Run(); err != nil {
			// Conflicting fixes, or a file that could not be written: the
			// driver says how far it got.
			_, rest := output.ParseBuildErrors(strings.Split(strings.TrimSpace(fixErr.String()), "\n"), dir)
			for _, line := range rest {
				fmt.Fprintf(stderr, "concurlint: %s\n", line)
			}
			code = exitErrors
		} else {
			names := slices.Sorted(func(yield func(string) bool) {
				for f := range files {
					if !yield(opts.Rel(f)) {
						return
					}
				}
			})
			format := "concurlint: applied %s, changed %s: %s\n"
			if o.diff {
				format = "concurlint: the diff holds %s to %s: %s\n"
			}
			fmt.Fprintf(stderr, format, pluralFix(len(fixed)), plural(len(files), "file"), strings.Join(names, ", "))
		}
		if o.diff {
			root, _ := config.ModuleRoot(dir)
			stdout.Write(gitPaths(patch.Bytes(), root))
		}
	} else {
		fmt.Fprintln(stderr, "concurlint: no fixes to apply")
	}
	if len(unfixed) > 0 {
		verb := "have"
		if len(unfixed) == 1 {
			verb = "has"
		}
		fmt.Fprintf(stderr, "concurlint: %s %s no fix:\n", plural(len(unfixed), "finding"), verb)
		output.Text(stderr, &output.Result{Findings: unfixed}, opts)
	}
	switch {
	case code != exitClean:
		return code
	case len(unfixed) > 0:
		return exitFindings
	}
	return exitClean
}

func pluralFix(n int) string {
	if n == 1 {
		return "1 fix"
	}
	return fmt.Sprintf("%d fixes", n)
}

// stderrLines splits a driver's stderr into lines.
func stderrLines(text string) []string {
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

// runInProcess runs the in-process driver with -json and returns its
// findings and failed packages, with the exit code so far; a nil result
// when it produced none.
func runInProcess(cmd *exec.Cmd, dir string, stderr io.Writer) (*output.Result, int) {
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	code := exitClean
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			fmt.Fprintf(stderr, "concurlint: %v\n", err)
			return nil, exitErrors
		}
		code = exitErrors
	}
	res, err := output.Parse(&out)
	if err != nil {
		fmt.Fprintf(stderr, "concurlint: %v\n", err)
		return nil, exitErrors
	}
	if addFailures(res, stderrLines(errOut.String()), dir, stderr) > 0 {
		code = exitErrors
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "concurlint: %s\n", e.String())
	}
	if len(res.Failures) > 0 || len(res.Errors) > 0 {
		code = exitErrors
	}
	return res, code
}

// diffHeader is a file header of the x/tools drivers' -diff output:
// "--- /abs/file (old)" and "+++ /abs/file (new)".
var diffHeader = regexp.MustCompile(`(?m)^(---|\+\+\+) (.+) \((old|new)\)$`)

// gitPaths rewrites patch's file headers to paths relative to the
// module root, as a/file and b/file, the form git apply takes.
func gitPaths(patch []byte, root string) []byte {
	return diffHeader.ReplaceAllFunc(patch, func(line []byte) []byte {
		m := diffHeader.FindSubmatch(line)
		file := string(m[2])
		if real, err := filepath.EvalSymlinks(file); err == nil {
			file = real
		}
		if rel, err := filepath.Rel(root, file); err == nil && root != "" && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
		side := "a/"
		if string(m[1]) == "+++" {
			side = "b/"
		}
		return []byte(string(m[1]) + " " + side + file)
	})
}
