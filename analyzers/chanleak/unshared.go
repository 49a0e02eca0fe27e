package chanleak

import (
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// checkUnshared reports a send on an unbuffered channel the function
// made and has not yet shared with anyone: no other goroutine can
// receive it, so the send blocks forever, whatever the function does
// with the channel afterwards (returns it, starts a receiver).
func (c *checker) checkUnshared(fn *ssa.Function, m *ssa.MakeChan) {
	if !ssautil.Unbuffered(m) {
		return
	}
	values, cells, ok := holders(m)
	if !ok {
		return
	}
	var sends, shares []ssa.Instruction
	for _, v := range values {
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Send:
				if ref.Chan == v && ref.X != v {
					sends = append(sends, ref)
					continue
				}
			case *ssa.UnOp:
				if ref.Op == token.ARROW {
					continue
				}
			case *ssa.Store:
				if _, made := v.(*ssa.MakeChan); made {
					continue // into a cell: its loads are values too
				}
			case *ssa.DebugRef, *ssa.BinOp:
				continue
			}
			shares = append(shares, ref)
		}
	}
	for _, cell := range cells {
		for _, ref := range *cell.Referrers() {
			if _, ok := ref.(*ssa.MakeClosure); ok {
				shares = append(shares, ref)
			}
		}
	}
	name := assignedTo(c.pass, m.Pos())
	if len(values) > 1 {
		name = values[1].(*ssa.UnOp).X.(*ssa.Alloc).Comment
	}
	for _, s := range sends {
		if sharedBefore(shares, s) || !hb.Reaches(m, s) {
			// A send the make does not reach is in code go/ssa left
			// unconnected: nothing to say about it.
			continue
		}
		related := []analysis.RelatedInformation{report.Related(m.Pos(), "%s made here, unbuffered", name)}
		c.reportf(s, related, nil, "the function blocks forever sending on %s: it is unbuffered and no other goroutine can receive from it yet", name)
	}
}

// sharedBefore reports whether one of shares can run before at.
func sharedBefore(shares []ssa.Instruction, at ssa.Instruction) bool {
	for _, s := range shares {
		if hb.Reaches(s, at) {
			return true
		}
	}
	return false
}
