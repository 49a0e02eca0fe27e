// Package report is the single path by which every concurlint analyzer
// reports a diagnostic. Keeping one choke point means that suppression
// comments, output formats and message conventions have one place to
// live instead of one per analyzer.
//
// Suppression: a comment
//
//	//concurlint:ignore NAME[,NAME] reason
//
// on the line of a finding, or on the line above it, silences the
// findings of the named analyzers there. The reason is required, and a
// directive that silences nothing is itself reported, so stale ones do
// not pile up; so is one that names no analyzer of the suite (a typo,
// the wrong case), names none at all, or has a space after the //
// (Go's directives have none, and gofmt keeps the comment as written).
// Each analyzer calls Finish when its run ends (defer it first thing) so
// that its directives are checked.
//
// Generated files (a "// Code generated ... DO NOT EDIT." comment, as
// go/ast.IsGenerated reads it) get no findings: their code is fixed in
// the generator, not by the developer who runs the tool (staticcheck and
// golangci-lint do the same). Their code still counts for the model: a
// lock order taken in a generated file can close a cycle reported in
// hand-written code.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"sync"

	"golang.org/x/tools/go/analysis"
)

const prefix = "//concurlint:ignore"

// directive is one suppression comment.
type directive struct {
	pos    token.Pos
	file   string
	line   int
	names  []string
	reason string
	used   bool
	// problem says what is wrong with a malformed directive (it
	// suppresses nothing); empty for a well-formed one.
	problem string
}

func (d *directive) covers(name string) bool {
	for _, n := range d.names {
		if n == name {
			return true
		}
	}
	return false
}

// state holds one pass's directives; passes of different packages and
// analyzers run concurrently, so it is kept per pass and dropped by
// Finish.
type state struct {
	mu         sync.Mutex
	directives []*directive
	malformed  []*directive    // reported by Finish whatever they cover
	generated  map[string]bool // files that get no findings
}

var passes sync.Map // *analysis.Pass -> *state

func stateOf(pass *analysis.Pass) *state {
	if st, ok := passes.Load(pass); ok {
		return st.(*state)
	}
	directives, malformed := parse(pass)
	st, _ := passes.LoadOrStore(pass, &state{directives: directives, malformed: malformed, generated: generatedFiles(pass)})
	return st.(*state)
}

// parse collects the pass's suppression comments that name its analyzer,
// and the malformed ones that this analyzer is the one to report.
func parse(pass *analysis.Pass) (out, bad []*directive) {
	for _, f := range pass.Files {
		for _, group := range f.Comments {
			for _, c := range group.List {
				d, ok := parseDirective(c.Text)
				if !ok {
					continue
				}
				d.pos = c.Pos()
				if d.problem != "" {
					if d.reporter() == pass.Analyzer.Name {
						bad = append(bad, d)
					}
					continue
				}
				if !d.covers(pass.Analyzer.Name) {
					continue
				}
				p := pass.Fset.Position(c.Pos())
				d.file, d.line = p.Filename, p.Line
				out = append(out, d)
			}
		}
	}
	return out, bad
}

// generatedFiles names the pass's generated files.
func generatedFiles(pass *analysis.Pass) map[string]bool {
	var files map[string]bool
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			if files == nil {
				files = make(map[string]bool)
			}
			files[pass.Fset.File(f.FileStart).Name()] = true
		}
	}
	return files
}

// Report emits d through pass unless it lies in a generated file or a
// suppression comment for the pass's analyzer stands on its line or the
// line above. Every analyzer calls this, never pass.Report directly.
func Report(pass *analysis.Pass, d analysis.Diagnostic) {
	st := stateOf(pass)
	p := pass.Fset.Position(d.Pos)
	if st.generated[pass.Fset.PositionFor(d.Pos, false).Filename] { // the file itself, not a //line target
		return
	}
	st.mu.Lock()
	for _, dir := range st.directives {
		if dir.file == p.Filename && (dir.line == p.Line || dir.line == p.Line-1) {
			dir.used = true
			st.mu.Unlock()
			return
		}
	}
	st.mu.Unlock()
	pass.Report(d)
}

// Finish reports the pass's suppression comments that silenced nothing,
// give no reason or are malformed, and releases the pass's state.
func Finish(pass *analysis.Pass) {
	st := stateOf(pass)
	passes.Delete(pass)
	for _, dir := range st.malformed {
		pass.Report(analysis.Diagnostic{Pos: dir.pos, Message: dir.problem})
	}
	name := pass.Analyzer.Name
	for _, dir := range st.directives {
		switch {
		case dir.reason == "":
			pass.Report(analysis.Diagnostic{Pos: dir.pos, Message: fmt.Sprintf(
				"%s %s needs a reason: say why the report is wrong, as in %s %s <reason>", prefix, name, prefix, name)})
		case !dir.used:
			pass.Report(analysis.Diagnostic{Pos: dir.pos, Message: fmt.Sprintf(
				"%s %s suppresses nothing here: remove it", prefix, name)})
		}
	}
}

// Related builds one related-information entry: "the other side" of a
// finding, such as the spawn site or the declaration involved.
func Related(pos token.Pos, format string, args ...any) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf(format, args...)}
}
