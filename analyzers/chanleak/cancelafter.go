package chanleak

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
)

// cancelDepth bounds how many calls deep cancelsAfter looks for the
// cancel (a test's deferred close, its Close, the sync.Once inside);
// cancelBudget bounds the functions it looks at.
const cancelDepth, cancelBudget = 4, 300

// cancelsAfter reports whether the loops leave only on ctx.Done() of a
// context the package keeps beside its cancel, and the function making
// the operation, on an object it made itself (no caller shares it),
// cancels the context only after the operation (deferred, or later on
// every path from it), while no goroutine that function starts (itself
// or in the calls it makes) cancels it: the loop then leaves only after
// the operation, on the operation's own goroutine, and cannot strand
// it.
//
//	u := newServer() // go u.loop(), which leaves on u.ctx.Done()
//	defer u.Close()  // u.cancel()
//	u.reqs <- r      // the loop still runs
func (r *runLoops) cancelsAfter(o chanOp, loops []runLoop) bool {
	if o.ref.Path.Root.Kind.Outside() {
		return false // a caller's object: another goroutine may cancel it
	}
	if r.cancels == nil {
		r.cancels = hb.NewCancels(r.pass.Fset, r.funcs)
	}
	classes := map[string]bool{}
	for _, l := range loops {
		cs, ok := r.cancels.DoneCancels(l.sel.States[l.exit].Chan)
		if !ok || !leavesOnlyOn(l.sel, l.exit) {
			return false
		}
		for _, c := range cs {
			classes[c] = true
		}
	}
	fn := o.at.Parent()
	found := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if !r.cancelsThrough(instr, classes, cancelDepth) {
				continue
			}
			if _, deferred := instr.(*ssa.Defer); !deferred && (instr == o.at || hb.Reaches(instr, o.at)) {
				return false // the loop may have left before the operation
			}
			found = true
		}
	}
	return found && !r.cancelledBeside(fn, classes)
}

// cancelsThrough reports whether instr calls one of the cancels, itself
// or through the functions it calls, depth calls deep.
func (r *runLoops) cancelsThrough(instr ssa.Instruction, classes map[string]bool, depth int) bool {
	if r.cancels.CancelsIn(instr, classes) {
		return true
	}
	call, ok := instr.(ssa.CallInstruction)
	if !ok || depth == 0 {
		return false
	}
	if _, isGo := call.(*ssa.Go); isGo {
		return false
	}
	for _, callee := range r.effects.Callees(call) {
		for _, b := range callee.Blocks {
			for _, in := range b.Instrs {
				if r.cancelsThrough(in, classes, depth-1) {
					return true
				}
			}
		}
	}
	return false
}

// cancelledBeside reports whether a goroutine that fn starts, itself or
// in the functions it calls (a constructor starting the loop), can call
// one of the cancels; so may anything it cannot follow.
func (r *runLoops) cancelledBeside(fn *ssa.Function, classes map[string]bool) bool {
	type state struct {
		fn    *ssa.Function
		async bool // on a goroutine fn's own goroutine started
	}
	seen := map[state]bool{}
	level := []state{{fn, false}}
	for d := 0; d <= 2*cancelDepth && len(level) > 0; d++ {
		var next []state
		for _, st := range level {
			if seen[st] {
				continue
			}
			if len(seen) >= cancelBudget {
				return true
			}
			seen[st] = true
			for _, b := range st.fn.Blocks {
				for _, instr := range b.Instrs {
					if st.async && r.cancels.CancelsIn(instr, classes) {
						return true
					}
					if s, ok := r.spawns.OfInstr(instr); ok && s.Kind.Concurrent() {
						body := s.Body()
						if body == nil {
							return true // a goroutine we cannot follow
						}
						next = append(next, state{body, true})
						continue
					}
					if call, ok := instr.(ssa.CallInstruction); ok {
						if _, isGo := call.(*ssa.Go); isGo {
							continue
						}
						for _, callee := range r.effects.Callees(call) {
							next = append(next, state{callee, st.async})
						}
					}
				}
			}
		}
		level = next
	}
	return false
}
