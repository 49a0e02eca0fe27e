package golangci

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// inlineRelated wraps each analyzer so that its diagnostics carry their
// related information in the message instead of as Related entries.
// golangci-lint turns each Related entry into an issue of its own, on
// its own line, which a //nolint on the finding's line does not cover.
//
// The wrappers stand in for the suite's analyzers, which no analyzer
// requires, so the analysis graph is otherwise unchanged.
func inlineRelated(as ...*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		w := *a
		run := a.Run
		w.Run = func(pass *analysis.Pass) (any, error) {
			inner := *pass
			report := pass.Report
			inner.Report = func(d analysis.Diagnostic) {
				report(inline(pass, d))
			}
			return run(&inner)
		}
		out[i] = &w
	}
	return out
}

// inline appends d's related information to its message as
// "[what: file:line:col; ...]", the file relative to d's.
func inline(pass *analysis.Pass, d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.Related) == 0 {
		return d
	}
	dir := filepath.Dir(pass.Fset.Position(d.Pos).Filename)
	parts := make([]string, len(d.Related))
	for i, r := range d.Related {
		p := pass.Fset.Position(r.Pos)
		file := p.Filename
		if rel, err := filepath.Rel(dir, file); err == nil {
			file = rel
		}
		parts[i] = fmt.Sprintf("%s: %s:%d:%d", r.Message, file, p.Line, p.Column)
	}
	d.Message = fmt.Sprintf("%s [%s]", d.Message, strings.Join(parts, "; "))
	d.Related = nil
	return d
}
