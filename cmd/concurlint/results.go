package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/concurlint/concurlint/internal/output"
)

// addFailures turns the lines the driver printed besides its JSON and
// the go command's progress into the result's failed packages, passes
// on the lines that are not errors of a package to stderr as they were,
// and returns how many those are.
func addFailures(res *output.Result, lines []string, dir string, stderr io.Writer) (unknown int) {
	failures, rest := output.ParseBuildErrors(lines, dir)
	for _, line := range rest {
		fmt.Fprintln(stderr, line)
	}
	res.AddFailures(failures)
	return len(rest)
}

// workDir is the directory go vet runs in, symbolic links resolved as go
// vet reports paths.
func workDir() string {
	dir, _ := os.Getwd()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return dir
}

// listing is what go list says about the named packages: how many there
// are, and how many go vet units they make (a package with external
// tests is vetted twice: p and p_test).
type listing struct {
	packages, units int
}

// list counts the packages o names, with o's build flags, or reports
// false when go list fails (the run itself will say why).
func (o options) list() (listing, bool) {
	goflags, _ := splitBuildFlags(o.vetArgs)
	args := append([]string{"list", "-e", "-f", "{{if .XTestGoFiles}}2{{else}}1{{end}}"}, goflags...)
	out, err := exec.Command(goCommand(), append(args, o.patterns...)...).Output()
	if err != nil {
		return listing{}, false
	}
	var l listing
	for _, f := range strings.Fields(string(out)) {
		l.packages++
		l.units += int(f[0] - '0')
	}
	return l, true
}

// summary is the last line of text output: findings per analyzer,
// packages analysed and packages that failed.
func summary(res *output.Result, l listing, listed bool) string {
	byAnalyzer := make(map[string]int)
	for _, f := range res.Findings {
		byAnalyzer[f.Analyzer]++
	}
	s := "concurlint: no findings"
	if n := len(res.Findings); n > 0 {
		var parts []string
		for _, name := range slices.Sorted(maps.Keys(byAnalyzer)) {
			parts = append(parts, fmt.Sprintf("%s %d", name, byAnalyzer[name]))
		}
		s = fmt.Sprintf("concurlint: %s (%s)", plural(n, "finding"), strings.Join(parts, ", "))
	}
	failed := res.FailedPackages()
	if listed {
		s += fmt.Sprintf(", %s analysed", plural(max(l.packages-failed, 0), "package"))
	}
	return s + fmt.Sprintf(", %d failed", failed)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// isTerminal reports whether w is a terminal; a variable so that a test
// can pretend it is.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progress shows "packages done of total" on a terminal, overwritten in
// place. It counts go vet's per-package JSON values as they stream by on
// either of go vet's outputs: each vetted package prints exactly one,
// starting with "{" at the start of a line.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	done  int
	total int
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total}
	p.show()
	return p
}

// watch returns a writer that counts the packages in what is written to
// it; one per stream, since each tracks where its lines start.
func (p *progress) watch() io.Writer {
	return &progressStream{p: p, lineStart: true}
}

type progressStream struct {
	p         *progress
	lineStart bool
}

func (s *progressStream) Write(b []byte) (int, error) {
	n := 0
	for _, c := range b {
		if s.lineStart && c == '{' {
			n++
		}
		s.lineStart = c == '\n'
	}
	if n > 0 {
		s.p.mu.Lock()
		s.p.done += n
		s.p.show()
		s.p.mu.Unlock()
	}
	return len(b), nil
}

func (p *progress) show() {
	fmt.Fprintf(p.w, "\r\033[Kconcurlint: %d/%d packages", min(p.done, p.total), p.total)
}

// startProgress shows progress on stderr when it is a terminal and the
// driver is go vet (the in-process driver reports nothing until it is
// done), and returns it (nil when not shown) with the package listing
// it needed.
func (o options) startProgress(stderr io.Writer) (*progress, listing, bool) {
	if o.driver != "vet" || !isTerminal(stderr) {
		return nil, listing{}, false
	}
	l, ok := o.list()
	if !ok {
		return nil, l, false
	}
	return newProgress(stderr, l.units), l, true
}

// clear erases the progress line, before the results are written.
func (p *progress) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\033[K")
}

// tee sends what a command writes to buf and, when p is not nil, to p.
func tee(buf io.Writer, p *progress) io.Writer {
	if p == nil {
		return buf
	}
	return io.MultiWriter(buf, p.watch())
}
