package chanleak

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// signalledBeforeGate reports whether the maker's receive u, whose
// partner is the body q, runs only after q made one of its operations
// of kinds on the channel: u is reached only through a receive from a
// gate channel q signals after that operation (hb.AfterGate). q's paths
// that return without it never release the gate, so they do not strand
// u.
func (c *checker) signalledBeforeGate(r, q *party, u use, kinds ...opKind) bool {
	if r.spawn != nil || q.spawn == nil {
		return false
	}
	var ops []ssa.Instruction
	for _, v := range q.uses {
		// A select with another case, a deferred call or a callee that
		// may not make it does not make it where it stands.
		if _, deferred := v.instr.(*ssa.Defer); !deferred && v.blocking() && (v.via == nil || !v.via.May) && slices.Contains(kinds, v.kind) {
			ops = append(ops, v.instr)
		}
	}
	return c.hb.AfterGate(*q.spawn, ops, u.instr)
}

// soleReceiver reports whether r is the only party that receives from
// the channel: a value sent to it waits for r.
func soleReceiver(ch *channel, r *party) bool {
	for _, p := range append([]*party{ch.maker}, ch.bodies...) {
		if p != r && p.has(recv) {
			return false
		}
	}
	return true
}
