package chanleak

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// handedLive reports whether every loop leaves only on ctx.Done() of a
// context handed down to it (a parameter of the loop's function, a
// field its constructor stores from a parameter), and the object the
// operation names was built, by the function making the operation or
// one above it on the same goroutine, on contexts it made itself and
// cancels only after the operation: the loop still runs.
//
//	ctx, cancel := context.WithCancel(context.Background())
//	defer cancel()
//	s := NewServer(ctx) // go s.loop(ctx)
//	s.reqs <- r
func (r *runLoops) handedLive(o chanOp, loops []runLoop) bool {
	ops := effects.DirectOps(o.instr)
	if o.at != o.instr || o.state >= len(ops) {
		return false // a callee's operation: its object is the callee's
	}
	if r.handed == nil {
		r.handed = hb.NewHanded(r.pass.Fset, r.funcs)
	}
	for _, l := range loops {
		if !leavesOnlyOn(l.sel, l.exit) {
			return false
		}
		carriers, ok := r.handed.Carriers(l.sel.States[l.exit].Chan)
		if !ok || !r.handed.LiveAt(carriers, ops[o.state].Value, o.at) {
			return false
		}
	}
	return true
}

// leavesOnlyOn reports whether the loop around sel leaves only by its
// exit case: no other case, and nothing else on the way back to sel,
// returns.
func leavesOnlyOn(sel *ssa.Select, exit int) bool {
	fn := sel.Parent()
	rets := ssautil.Returns(fn)
	avoid := map[*ssa.BasicBlock]bool{sel.Block(): true}
	for _, b := range fn.Blocks {
		s, i, ok := hb.SelectCase(b)
		if !ok || s != sel || i == exit {
			continue
		}
		body := b.Succs[0]
		if body == sel.Block() {
			continue // an empty case: straight back to the select
		}
		for _, ret := range rets {
			if body == ret || ssautil.Reaches(body, ret, avoid) {
				return false
			}
		}
	}
	return sel.States[exit].Dir == types.RecvOnly
}
