package hb

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// DeferRuns lists the points where the deferred call d runs: the
// RunDefers of the returns its function reaches after d. A panic runs
// it too, but a panicking program is not what the analyzers compare.
//
// go/ssa emits a RunDefers just before a Return, in its block (only
// loads of named results come between), so only the tails of
// returning blocks are searched: the analyzers ask for every deferred
// call of large functions.
func DeferRuns(d *ssa.Defer) []ssa.Instruction {
	if d.Block() == nil {
		return nil
	}
	var out []ssa.Instruction
	for _, b := range d.Parent().Blocks {
		n := len(b.Instrs)
		if n == 0 {
			continue
		}
		if _, ok := b.Instrs[n-1].(*ssa.Return); !ok {
			continue
		}
		for i := n - 2; i >= 0; i-- {
			if run, ok := b.Instrs[i].(*ssa.RunDefers); ok {
				if Reaches(d, run) {
					out = append(out, run)
				}
				break
			}
		}
	}
	return out
}

// runsAt lists the points where instr takes effect: for a deferred
// call, where it runs (DeferRuns); for any other instruction, itself.
func runsAt(instr ssa.Instruction) []ssa.Instruction {
	if d, ok := instr.(*ssa.Defer); ok {
		return DeferRuns(d)
	}
	return []ssa.Instruction{instr}
}

// beforeEach reports whether one of waits runs before at on every path
// (Before), or, for a deferred call, before each point where it runs
// (runsAt): a deferred close after wg.Wait() on each way out.
func beforeEach(waits []ssa.Instruction, at ssa.Instruction) bool {
	before := func(p ssa.Instruction) bool {
		return slices.ContainsFunc(waits, func(w ssa.Instruction) bool { return Before(w, p) })
	}
	if before(at) {
		return true
	}
	points := runsAt(at)
	for _, p := range points {
		if !before(p) {
			return false
		}
	}
	return len(points) > 0
}
