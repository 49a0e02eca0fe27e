package chanleak

import (
	"golang.org/x/tools/go/ssa"
)

// closedBeforeGate reports whether the maker's receive u, whose partner
// is the body q, runs only after q closed the channel: it is reached
// only through a receive from a gate channel q signals after its close
// (hb.AfterGate). q's paths that return without closing never release
// the gate, so they do not strand u.
func (c *checker) closedBeforeGate(r, q *party, u use) bool {
	if r.spawn != nil || q.spawn == nil {
		return false
	}
	var closes []ssa.Instruction
	for _, v := range q.uses {
		if _, deferred := v.instr.(*ssa.Defer); v.kind == closeOp && !deferred && (v.via == nil || !v.via.May) {
			closes = append(closes, v.instr)
		}
	}
	return c.hb.AfterGate(*q.spawn, closes, u.instr)
}
