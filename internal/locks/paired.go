package locks

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// pairedUnlock reports whether an unlock of ref at instr, reached with
// the lock not held, is only the other half of a conditional lock on
// the same flag: the function takes the lock and lets it go each under
// the same bool parameter (nats' pubAllowedFullCheck):
//
//	if !hasLock { c.mu.Lock() }
//	...
//	if !hasLock { c.mu.Unlock() }
//
// The path that skips the first if and enters the second cannot run,
// so the unlock releases nothing of the caller's. Not so when the lock
// comes after the unlock (if needLock { mu.Unlock(); ...; mu.Lock() }:
// the caller's lock let go and taken back).
func (f *flow) pairedUnlock(instr ssa.Instruction, ref Ref) bool {
	cond := f.guard(instr.Block())
	if cond.Param == 0 || ref.Key == "" {
		return false
	}
	for _, b := range f.fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			op, r, ok := f.lockOp(&call.Call)
			if ok && (op == Lock || op == RLock) && r.Key == ref.Key && f.guard(b) == cond && onlyBefore(call, instr) {
				return true
			}
		}
	}
	return false
}

// onlyBefore reports whether a runs before b and never after it in one
// call of their function.
func onlyBefore(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == bb {
		return ssautil.Index(a) < ssautil.Index(b) && !ssautil.InLoop(ab)
	}
	return ssautil.Reaches(ab, bb, nil) && !ssautil.Reaches(bb, ab, nil)
}
