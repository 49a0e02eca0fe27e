package chanclose

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
)

// checkPaths reports, within one function, a second close or a send
// that runs after a close of the same channel on every path to it, and
// a deferred close paired with an explicit one.
func (c *checker) checkPaths(fn *ssa.Function) {
	ops := c.opsOf(fn)
	reassigned := c.reassigned(fn)
	done := map[ssa.Instruction]bool{}
	for _, x := range ops {
		if x.kind != closeOp || !x.unconditional() || reassignedAt(reassigned, x.ch) {
			continue
		}
		for _, y := range ops {
			if y.instr == x.instr || !y.unconditional() || y.ch.Key != x.ch.Key || done[y.instr] {
				continue
			}
			switch {
			case y.kind == send && !x.deferred && before(x.instr, y.instr):
				done[y.instr] = true
				c.reportf(y, closedAt(x), "send on closed channel: %s is closed at %s on every path here, so this send panics; send before closing, or let the sender close",
					x.ch.Name(), c.site(x.instr.Pos()))
			case y.kind == closeOp && !y.deferred && !x.deferred && before(x.instr, y.instr):
				done[y.instr] = true
				c.reportf(y, closedAt(x), "%s is closed twice: it is already closed at %s on every path here, and closing a closed channel panics",
					x.ch.Name(), c.site(x.instr.Pos()))
			case y.kind == closeOp && !y.deferred && x.deferred && (before(x.instr, y.instr) || before(y.instr, x.instr)):
				done[y.instr] = true
				c.reportf(y, []analysis.RelatedInformation{report.Related(x.instr.Pos(), "deferred close of %s, which runs again at return", x.ch.Name())},
					"%s is closed here and again by the deferred close at %s when the function returns; closing a closed channel panics",
					x.ch.Name(), c.site(x.instr.Pos()))
			}
		}
	}
}

func closedAt(x op) []analysis.RelatedInformation {
	return []analysis.RelatedInformation{report.Related(x.instr.Pos(), "%s closed here", x.ch.Name())}
}

// before reports whether a runs before b on every path to b.
func before(a, b ssa.Instruction) bool { return hb.Before(a, b) }

// reassigned returns the channel storages fn assigns a new channel to:
// between two operations such a variable or field may hold another
// channel. A local variable's initialising store does not count.
func (c *checker) reassigned(fn *ssa.Function) map[string]bool {
	stores := map[string]int{}
	local := map[string]bool{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				if r, ok := locks.RefOf(c.pass.Fset, st.Addr); ok {
					stores[r.Key]++
					local[r.Key] = r.Path.Root.Kind == access.Alloc && len(r.Path.Steps) == 0
				}
			}
		}
	}
	out := map[string]bool{}
	for key, n := range stores {
		if n > 1 || !local[key] {
			out[key] = true
		}
	}
	// A callee that assigns a channel (st.kvChan = make(...) before it
	// closes it) counts as a store too.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				for _, e := range c.effects.AtKinds(call, effects.ChanKinds) {
					if e.Kind == effects.ChanAssign {
						out[e.Ref.Key] = true
					}
				}
			}
		}
	}
	return out
}

// reassignedAt reports whether the storage ref names, or a variable or
// field on its path (leader in leader.closing), is reassigned.
func reassignedAt(reassigned map[string]bool, ref access.Ref) bool {
	for _, p := range ref.Path.Prefixes() {
		if reassigned[p.Key()] {
			return true
		}
	}
	return false
}
