package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/config"
	"github.com/concurlint/concurlint/internal/output"
)

// A baseline records the findings a codebase had when it adopted
// concurlint, so that later runs report only new ones. It is a
// standalone feature: the driver sees every package's findings in one
// place, where go vet's tool sees one package at a time.
//
// A finding is keyed by what survives unrelated edits: its analyzer,
// its file relative to the module root, the function it is in and its
// message with positions stripped. Line numbers are left out, so code
// moving up or down keeps its findings matched; each key has a count,
// so a second finding like a recorded one is new.
type baseline struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

const baselineVersion = 1

type baselineEntry struct {
	baselineKey
	Count int `json:"count"`
}

type baselineKey struct {
	Analyzer string `json:"analyzer"`
	File     string `json:"file"`
	Function string `json:"function,omitempty"`
	Message  string `json:"message"`
}

// baselineRun is a standalone run's use of a baseline: the file to
// write, or the counts of findings to drop, keyed relative to root.
type baselineRun struct {
	root   string
	write  string
	counts map[baselineKey]int // nil: no baseline
}

// prepareBaseline reads the config files (so that a malformed one is a
// usage error before anything runs) and the baseline that
// -baseline or the config names; -write-baseline=FILE instead records
// the run's findings in FILE.
func prepareBaseline(o options, suite []*analysis.Analyzer) (*baselineRun, error) {
	for _, root := range config.Modules(".") { // a go.work workspace's too
		if _, err := loadConfig(root, suite); err != nil {
			return nil, err
		}
	}
	c, err := loadConfig(".", suite)
	if err != nil {
		return nil, err
	}
	b := &baselineRun{root: ".", write: o.writeBaseline}
	if c != nil {
		b.root = c.Root
	}
	if real, err := filepath.EvalSymlinks(b.root); err == nil {
		b.root = real // go vet reports resolved paths
	}
	if abs, err := filepath.Abs(b.root); err == nil {
		b.root = abs
	}
	file := o.baseline
	if file == "" {
		file = c.BaselineFile()
	}
	if file == "" || b.write != "" {
		return b, nil
	}
	b.counts, err = readBaseline(file)
	return b, err
}

// apply drops the baselined findings from res, or writes the baseline;
// done says that the run ends there, with exit code code.
func (b *baselineRun) apply(res *output.Result, code int, stderr io.Writer) (done bool, _ int) {
	if b.write == "" {
		if b.counts != nil {
			res.Findings = dropBaselined(res.Findings, b.counts, b.root)
		}
		return false, code
	}
	n, err := writeBaseline(b.write, b.root, res.Findings)
	if err != nil {
		fmt.Fprintf(stderr, "concurlint: %v\n", err)
		return true, exitErrors
	}
	fmt.Fprintf(stderr, "concurlint: wrote %d findings (%d keys) to %s\n", len(res.Findings), n, b.write)
	if code != exitClean {
		fmt.Fprintln(stderr, "concurlint: some packages failed: the baseline lacks their findings")
	}
	return true, code
}

// readBaseline reads a baseline file into counts per key.
func readBaseline(file string) (map[baselineKey]int, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("baseline %s does not exist: write it with -write-baseline=%[1]s", file)
	}
	if err != nil {
		return nil, err
	}
	var b baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", file, err)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("baseline %s: version %d, want %d: write it again with -write-baseline=%[1]s",
			file, b.Version, baselineVersion)
	}
	counts := make(map[baselineKey]int)
	for _, e := range b.Findings {
		counts[e.baselineKey] += e.Count
	}
	return counts, nil
}

// writeBaseline writes the findings to file as a baseline, sorted so
// that it diffs well under version control.
func writeBaseline(file, root string, findings []output.Finding) (int, error) {
	counts := make(map[baselineKey]int)
	keys := newKeyer(root)
	for _, f := range findings {
		counts[keys.key(f)]++
	}
	b := baseline{Version: baselineVersion, Findings: []baselineEntry{}}
	for k, n := range counts {
		b.Findings = append(b.Findings, baselineEntry{k, n})
	}
	slices.SortFunc(b.Findings, func(x, y baselineEntry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Function, y.Function),
			cmp.Compare(x.Analyzer, y.Analyzer), cmp.Compare(x.Message, y.Message))
	})
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return 0, err
	}
	return len(b.Findings), os.WriteFile(file, append(data, '\n'), 0o666)
}

// dropBaselined removes the findings the baseline counts, in position
// order, and returns the rest: the new findings.
func dropBaselined(findings []output.Finding, counts map[baselineKey]int, root string) []output.Finding {
	keys := newKeyer(root)
	var kept []output.Finding
	for _, f := range findings {
		if k := keys.key(f); counts[k] > 0 {
			counts[k]--
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

// keyer computes baseline keys, parsing each file once to find the
// functions that hold its findings.
type keyer struct {
	root  string
	fset  *token.FileSet
	files map[string]*ast.File // nil for a file that does not parse
}

func newKeyer(root string) *keyer {
	return &keyer{root: root, fset: token.NewFileSet(), files: make(map[string]*ast.File)}
}

// positions matches the positions a message may quote ("at x.go:12").
var positions = regexp.MustCompile(`(\.go):\d+(:\d+)?`)

func (k *keyer) key(f output.Finding) baselineKey {
	p := output.ParsePosn(f.Posn)
	file := p.File
	if abs, err := filepath.Abs(file); err == nil {
		p.File = abs
		if rel, err := filepath.Rel(k.root, abs); err == nil {
			file = rel
		}
	}
	return baselineKey{
		Analyzer: f.Analyzer,
		File:     filepath.ToSlash(file),
		Function: k.function(p),
		Message:  positions.ReplaceAllString(f.Message, "$1"),
	}
}

// function names the top-level function or method declaration that
// holds p, as Func, T.Method or (*T).Method; "" outside any.
func (k *keyer) function(p output.Position) string {
	f, ok := k.files[p.File]
	if !ok {
		f, _ = parser.ParseFile(k.fset, p.File, nil, parser.SkipObjectResolution)
		k.files[p.File] = f
	}
	if f == nil || p.Line <= 0 {
		return ""
	}
	tf := k.fset.File(f.Pos())
	if p.Line > tf.LineCount() {
		return ""
	}
	pos := tf.LineStart(p.Line) + token.Pos(max(p.Col-1, 0))
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos <= fd.End() {
			return funcName(fd)
		}
	}
	return ""
}

func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	typ := fd.Recv.List[0].Type
	star, ok := typ.(*ast.StarExpr)
	if ok {
		typ = star.X
	}
	switch generic := typ.(type) {
	case *ast.IndexExpr:
		typ = generic.X
	case *ast.IndexListExpr:
		typ = generic.X
	}
	name := "?"
	if id, ok := typ.(*ast.Ident); ok {
		name = id.Name
	}
	if star != nil {
		return "(*" + name + ")." + fd.Name.Name
	}
	return name + "." + fd.Name.Name
}
