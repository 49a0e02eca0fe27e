// Package report is the single path by which every concurlint analyzer
// reports a diagnostic. Keeping one choke point means that suppression
// comments, output formats and message conventions have one place to
// live instead of one per analyzer.
package report

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// Report emits d through pass. Every analyzer calls this, never
// pass.Report directly.
func Report(pass *analysis.Pass, d analysis.Diagnostic) {
	pass.Report(d)
}

// Related builds one related-information entry: "the other side" of a
// finding, such as the spawn site or the declaration involved.
func Related(pos token.Pos, format string, args ...any) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf(format, args...)}
}
