package chanleak

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// stopperDepth bounds how many calls (and spawns) up from the operation
// stopperOwns looks for the function that stops the loop, and how many
// calls deep it follows a context or its cancel; stopperBudget bounds
// the values it looks at for one operation.
const stopperDepth, stopperBudget = 4, 200

// stopperOwns reports whether the loops leave only on ctx.Done() of
// contexts made by context.WithCancel (of a context that never ends)
// and handed to them through variables, parameters and closures only,
// whose cancels are called only in functions that the operation itself
// runs under: every chain of calls (and of goroutines started and
// waited for) that leads to the operation passes through one of them,
// at a point the cancel does not reach. Such a function decides, each
// time it runs, whether the loop is to serve or to stop, and does one
// or the other:
//
//	onFail := func(cancel func()) {
//		if len(stack) == 0 { cancel(); wg.Wait(); return }
//		for _, w := range writers { go func() { w.pause(); done() }() }
//		wait()
//	}
//
// Why the report would be wrong: the loop leaves only when its
// context ends, only the cancel ends it (its parent never ends), and
// every call of the cancel is in such a function. Within one call of
// it, the send and the cancel are on exclusive paths; a sending
// goroutine it starts is waited for before it returns, so none
// outlives the call into a later one that cancels; and it never runs
// as a goroutine, so no two calls overlap. The send can strand only if
// the function, called again after it has stopped the loop, decides to
// serve a loop it stopped itself: the program's own decision undone,
// which stopsLoop already takes not to happen for a function that both
// sends and stops. A context kept in a field, or a cancel stored in
// one, may be ended by any method of a long-lived object: not followed.
func (r *runLoops) stopperOwns(o chanOp, loops []runLoop) bool {
	if r.handed == nil {
		r.handed = hb.NewHanded(r.pass.Fset, r.funcs)
	}
	budget := stopperBudget
	var stops []ssa.Instruction
	for _, l := range loops {
		if !leavesOnlyOn(l.sel, l.exit) {
			return false
		}
		s, ok := r.loopStops(l.sel.States[l.exit].Chan, &budget)
		if !ok {
			return false
		}
		stops = append(stops, s...)
	}
	if len(stops) == 0 {
		return false
	}
	reached := map[*ssa.Function]bool{}
	if !r.runsUnder(o.at, stops, reached, stopperDepth, &budget) {
		return false
	}
	for _, s := range stops {
		if !reached[s.Parent()] {
			return false // a stopper the operation does not run under
		}
	}
	for fn := range reached {
		if r.startedAsGoroutine(fn) {
			return false // one instance may cancel while another sends
		}
	}
	return true
}

// startedAsGoroutine reports whether a go statement of the package runs
// fn, directly or as the closure a variable holds.
func (r *runLoops) startedAsGoroutine(fn *ssa.Function) bool {
	for _, f := range r.funcs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				s, ok := r.spawns.OfInstr(instr)
				if ok && s.Kind.Concurrent() && (s.Body() == fn || spawn.FuncOf(cellOf(s.Fn)) == fn) {
					return true
				}
			}
		}
	}
	return false
}

// loopStops returns the calls of the cancels that end done, a
// ctx.Done() a loop leaves on.
func (r *runLoops) loopStops(done ssa.Value, budget *int) ([]ssa.Instruction, bool) {
	call, ok := done.(*ssa.Call)
	if !ok || !call.Call.IsInvoke() || call.Call.Method.Name() != "Done" || !ssautil.IsContext(call.Call.Value.Type()) {
		return nil, false
	}
	makers, ok := r.ctxMakers(call.Call.Value, stopperDepth, budget)
	if !ok || len(makers) == 0 {
		return nil, false
	}
	var stops []ssa.Instruction
	for _, mk := range makers {
		for _, ref := range *mk.Referrers() {
			if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 1 {
				if !r.cancelCalls(ex, &stops, stopperDepth, budget) {
					return nil, false
				}
			}
		}
	}
	return stops, true
}

// ctxMakers returns the context.WithCancel calls that make ctx, a
// context in its function, following variables, the closures bound to
// them and the parameters of functions whose every call is seen.
func (r *runLoops) ctxMakers(ctx ssa.Value, depth int, budget *int) ([]*ssa.Call, bool) {
	if *budget--; *budget < 0 || depth < 0 {
		return nil, false
	}
	switch v := cellOf(ctx).(type) {
	case *ssa.Extract:
		call, ok := v.Tuple.(*ssa.Call)
		if !ok || v.Index != 0 || !hb.CancelOnly(&call.Call) {
			return nil, false
		}
		return []*ssa.Call{call}, true
	case *ssa.Parameter:
		fn := v.Parent()
		i := slices.Index(fn.Params, v)
		sites, ok := r.handed.Sites(fn)
		if !ok || i < 0 || len(sites) == 0 {
			return nil, false
		}
		var out []*ssa.Call
		for _, site := range sites {
			args := site.Common().Args
			if i >= len(args) {
				return nil, false
			}
			mks, ok := r.ctxMakers(args[i], depth-1, budget)
			if !ok {
				return nil, false
			}
			out = append(out, mks...)
		}
		return out, true
	}
	return nil, false
}

// cellOf returns the one value a variable's cell, loaded by v in its
// function or in a closure bound to it, ever holds; else v.
func cellOf(v ssa.Value) ssa.Value {
	for range stopperDepth {
		load, ok := v.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			return v
		}
		cell := load.X
		if fv, ok := cell.(*ssa.FreeVar); ok {
			cell = ssautil.Binding(fv)
		}
		w := access.CellValue(cell)
		if w == nil {
			return v
		}
		v = w
	}
	return v
}

// cancelCalls adds to stops the calls of cancel, a cancel function,
// following it into the variables that hold it, the closures bound to
// them and the parameters of the one function each call passing it
// runs. Any other use (a field, a result, a call we cannot resolve)
// hides who calls it: false.
func (r *runLoops) cancelCalls(cancel ssa.Value, stops *[]ssa.Instruction, depth int, budget *int) bool {
	refs := cancel.Referrers()
	if *budget--; *budget < 0 || depth < 0 || refs == nil {
		return false
	}
	for _, ref := range *refs {
		ok := true
		switch x := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp: // a load of the cell holding it
			ok = x.Op == token.MUL && r.cancelCalls(x, stops, depth, budget)
		case *ssa.ChangeType: // context.CancelFunc to func()
			ok = r.cancelCalls(x, stops, depth, budget)
		case *ssa.Store:
			ok = x.Addr == cancel || access.CellValue(x.Addr) == cancel && r.cancelCalls(x.Addr, stops, depth, budget)
		case *ssa.MakeClosure:
			ok = r.boundCancel(x, cancel, stops, depth, budget)
		case ssa.CallInstruction:
			ok = r.passedCancel(x, cancel, stops, depth, budget)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return true
}

// boundCancel follows cancel, bound to the closure mc makes, into the
// closure.
func (r *runLoops) boundCancel(mc *ssa.MakeClosure, cancel ssa.Value, stops *[]ssa.Instruction, depth int, budget *int) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for i, b := range mc.Bindings {
		if b == cancel && (i >= len(fn.FreeVars) || !r.cancelCalls(fn.FreeVars[i], stops, depth, budget)) {
			return false
		}
	}
	return true
}

// passedCancel records call as a stop when it calls cancel, and follows
// cancel into the parameters of the one function call runs when it
// passes it.
func (r *runLoops) passedCancel(call ssa.CallInstruction, cancel ssa.Value, stops *[]ssa.Instruction, depth int, budget *int) bool {
	common := call.Common()
	if common.Value == cancel && !common.IsInvoke() {
		*stops = append(*stops, call)
	}
	if !slices.Contains(common.Args, cancel) {
		return common.Value == cancel && !common.IsInvoke()
	}
	callees := r.effects.Callees(call)
	if common.IsInvoke() || len(callees) != 1 {
		return false
	}
	fn := callees[0]
	for i, a := range common.Args {
		if a == cancel && (i >= len(fn.Params) || !r.cancelCalls(fn.Params[i], stops, depth-1, budget)) {
			return false
		}
	}
	return true
}

// runsUnder reports whether every chain of calls, and of goroutines
// started and waited for before their starter returns, that leads to at
// passes through a function calling one of stops, at a point none of
// its own stops runs before; reached gathers those functions.
func (r *runLoops) runsUnder(at ssa.Instruction, stops []ssa.Instruction, reached map[*ssa.Function]bool, depth int, budget *int) bool {
	if *budget--; *budget < 0 {
		return false
	}
	fn := at.Parent()
	if own := stopsIn(fn, stops); len(own) > 0 {
		for _, s := range own {
			if _, deferred := s.(*ssa.Defer); !deferred && (s == at || hb.Reaches(s, at)) {
				return false // the loop may have left before at
			}
		}
		reached[fn] = true
		return true
	}
	sites, ok := r.handed.Sites(fn)
	if !ok || len(sites) == 0 || depth == 0 {
		return false
	}
	for _, site := range sites {
		switch site.(type) {
		case *ssa.Call:
		case *ssa.Go:
			if !r.waitedFor(site, at) {
				return false
			}
		default:
			return false // deferred: runs after whatever its function stops
		}
		if !r.runsUnder(site, stops, reached, depth-1, budget) {
			return false
		}
	}
	return true
}

// stopsIn returns the stops fn makes itself.
func stopsIn(fn *ssa.Function, stops []ssa.Instruction) []ssa.Instruction {
	var out []ssa.Instruction
	for _, s := range stops {
		if s.Parent() == fn {
			out = append(out, s)
		}
	}
	return out
}

// waitedFor reports whether the goroutine site starts, reaching at, is
// joined before its starter returns: a later call of the starter then
// finds it gone.
func (r *runLoops) waitedFor(site ssa.CallInstruction, at ssa.Instruction) bool {
	s, ok := r.spawns.OfInstr(site)
	if !ok {
		return false
	}
	for _, b := range ssautil.Returns(site.Parent()) {
		if !r.hb.Joined(s, []ssa.Instruction{at}, b.Instrs[len(b.Instrs)-1]) {
			return false
		}
	}
	return true
}
