package lockorder

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// checkSkips reports the paths that carry a lock past its unlock (see
// locks.Skip): a branch (often a break or continue) that leaves the
// lock held, joins paths that released it, and reaches a return, or
// goes round the loop to lock it again.
// A lock another goroutine releases (locks.Result.HandedOff) is not
// carried past the unlock: it is handed over.
func checkSkips(pass *analysis.Pass, model *locks.Result, names *namer, fl *locks.FuncFlow) {
	for _, sk := range fl.Skips() {
		if model.HandedOff(fl, sk.Held) {
			continue
		}
		name := names.name(sk.Held.Pos, sk.Held.Ref)
		where := skipPos(sk.From)
		if !where.IsValid() {
			where = sk.Held.Pos
		}
		related := []analysis.RelatedInformation{
			report.Related(sk.Held.Pos, "%s locked here", name),
			report.Related(where, "this path keeps holding %s", name),
		}
		if sk.Relock != nil {
			report.Report(pass, analysis.Diagnostic{
				Pos: sk.Relock.Pos(),
				Message: fmt.Sprintf("self-deadlock: %s is %s again while still held from an earlier pass: a path through line %d skips the unlock and comes back here (a continue, break or loop back edge); unlock before it",
					name, lockedVerb(sk.RelockMode), pass.Fset.Position(where).Line),
				Related: related,
			})
			continue
		}
		report.Report(pass, analysis.Diagnostic{
			Pos: ssautil.ReturnPos(fl.Fn, sk.Return),
			Message: fmt.Sprintf("%s is still locked at this return on the path through line %d, which skips the unlock the other paths here make: the next %s on it blocks forever; unlock on that path too or use defer",
				name, pass.Fset.Position(where).Line, lockCall(sk.Held.Mode)),
			Related: related,
		})
	}
}

func lockedVerb(m locks.Mode) string {
	if m == locks.Read {
		return "read-locked"
	}
	return "locked"
}

// skipPos returns a position for the path leaving block b: its last
// positioned instruction, else the condition of the branch that leads
// to it (a break or continue makes a block of one jump).
func skipPos(b *ssa.BasicBlock) token.Pos {
	for i := len(b.Instrs) - 1; i >= 0; i-- {
		if p := b.Instrs[i].Pos(); p.IsValid() {
			return p
		}
	}
	if len(b.Preds) == 1 {
		if iff, ok := b.Preds[0].Instrs[len(b.Preds[0].Instrs)-1].(*ssa.If); ok && iff.Cond.Pos().IsValid() {
			return iff.Cond.Pos()
		}
	}
	return token.NoPos
}
