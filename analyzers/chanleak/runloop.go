package chanleak

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Shape 4, partner already gone: a struct-field channel received only
// by run loops, goroutines that serve it in a select beside a case
// that leaves the loop (<-s.stop, <-ctx.Done()), and sent on somewhere
// outside such a select. Once the loop has left, nothing receives: the
// sender blocks forever.
//
//	func (n *node) run() {
//		for {
//			select {
//			case c := <-n.status: ...
//			case <-n.stop:
//				return
//			}
//		}
//	}
//	func (n *node) Status() { n.status <- c } // blocks after Stop
//
// The field must be made unbuffered in the package and only so (a
// buffer, a channel handed in from outside, a close: another story),
// every receive must be in such a loop run on a goroutine the package
// starts (a drain elsewhere may take the value), and the send must hold
// no lock (a closed flag checked under a lock that Stop takes is the
// usual guard).
type runLoops struct {
	*checker
	model   *locks.Result
	byPos   map[token.Pos][]ssa.Instruction
	fields  map[string]*fieldChan
	funcs   []*ssa.Function
	started map[*ssa.Function]spawn.Spawn // on first use: startedBy
	cancels *hb.Cancels                   // on first use: cancelsAfter
	handed  *hb.Handed                    // on first use: handedLive
}

// fieldChan gathers what the package does with one channel field.
type fieldChan struct {
	sends, recvs []chanOp
	made         bool // stored a new unbuffered channel
	odd          bool // stored anything else, closed, or received where we cannot look
	hidden       bool // sent on where we cannot look
	closed       bool
}

// chanOp is a send or receive on a field: instr is the operation
// itself, at is where a function naming the field makes it (instr, or
// a call whose callee makes it), ref the field as named at at.
type chanOp struct {
	instr, at ssa.Instruction
	ref       access.Ref
	state     int // the select case, for a select
	held      bool
}

// checkRunLoops reports sends on run loops' channels that can outlive
// the loop.
func (c *checker) checkRunLoops(funcs []*ssa.Function) {
	model, _ := c.pass.ResultOf[locks.Flows].(*locks.Result) // flows only
	r := &runLoops{checker: c, model: model, byPos: map[token.Pos][]ssa.Instruction{}, fields: map[string]*fieldChan{}}
	for _, fn := range funcs {
		r.index(fn)
	}
	for _, fn := range funcs {
		r.stores(fn)
	}
	if !r.anyMade() {
		return // no field gets a new unbuffered channel of its own: nothing to check
	}
	for _, fn := range funcs {
		r.collect(fn)
	}
	r.funcs = funcs
	classes := make([]string, 0, len(r.fields))
	for c := range r.fields {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, class := range classes {
		r.check(r.fields[class])
	}
}

// index records fn's channel operations by position, to find a callee's
// operation from its effect.
func (r *runLoops) index(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Send, *ssa.Select:
				r.byPos[instr.Pos()] = append(r.byPos[instr.Pos()], instr)
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					r.byPos[instr.Pos()] = append(r.byPos[instr.Pos()], instr)
				}
			}
		}
	}
}

func (r *runLoops) field(ref access.Ref) *fieldChan {
	f := r.fields[ref.Class]
	if f == nil {
		f = &fieldChan{}
		r.fields[ref.Class] = f
	}
	return f
}

// isField reports whether ref names a struct field.
func isField(ref access.Ref) bool {
	n := len(ref.Path.Steps)
	return ref.Class != "" && n > 0 && ref.Path.Steps[n-1].Kind == access.Field
}

// anyMade reports whether a field is given a new unbuffered channel and
// nothing else, as far as the stores tell.
func (r *runLoops) anyMade() bool {
	for _, f := range r.fields {
		if f.made && !f.odd {
			return true
		}
	}
	return false
}

// collect records fn's sends on and receives from channel fields, its
// own and its callees'.
func (r *runLoops) collect(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Store); ok {
				continue // see stores
			}
			if call, ok := instr.(ssa.CallInstruction); ok {
				r.viaCall(call)
			}
			for i, d := range effects.DirectOps(instr) {
				ref, ok := hb.Storage(r.pass.Fset, d.Value)
				if !ok || !isField(ref) {
					continue
				}
				op := chanOp{instr: instr, at: instr, ref: ref, state: i, held: r.held(instr)}
				switch d.Kind {
				case effects.ChanSend:
					r.field(ref).sends = append(r.field(ref).sends, op)
				case effects.ChanRecv:
					r.field(ref).recvs = append(r.field(ref).recvs, op)
				case effects.ChanClose:
					r.field(ref).odd, r.field(ref).closed = true, true
				}
			}
		}
	}
}

// stores records the channels fn stores in fields (see store): only a
// field given a new unbuffered channel is checked, and most packages
// have none, so the calls' effects are looked up only if one is.
func (r *runLoops) stores(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				r.store(st)
			}
		}
	}
}

// store records a channel stored in a field: a new unbuffered one, or
// anything else.
func (r *runLoops) store(st *ssa.Store) {
	if _, ok := st.Val.Type().Underlying().(*types.Chan); !ok {
		return
	}
	ref, ok := access.RefOf(r.pass.Fset, st.Addr)
	if !ok || !isField(ref) {
		return
	}
	f := r.field(ref)
	if mk, ok := st.Val.(*ssa.MakeChan); ok && ssautil.Unbuffered(mk) {
		f.made = true
		return
	}
	f.odd = true
}

// viaCall records the channel operations on fields a call's callees
// make, located in the package; a receive or close it cannot locate
// makes the field odd. Map effects are not asked for: a field of maps
// is never made with a channel (check skips it).
func (r *runLoops) viaCall(call ssa.CallInstruction) {
	if _, ok := call.(*ssa.Go); ok {
		return
	}
	for _, e := range r.effects.AtKinds(call, effects.ChanKinds) {
		if !isField(e.Ref) {
			continue
		}
		f := r.field(e.Ref)
		instr, state, ok := r.locate(e)
		switch {
		case e.Kind == effects.ChanClose:
			f.odd, f.closed = true, true
		case e.Kind == effects.ChanRecv && !ok:
			f.odd = true
		case !ok:
			f.hidden = true // a send we cannot see
		case r.directField(instr, state):
			// not ours to see, or the callee names the field itself
			// and is checked on its own
		case e.Kind == effects.ChanSend:
			f.sends = append(f.sends, chanOp{instr: instr, at: call, ref: e.Ref, state: state, held: len(e.Held) > 0 || r.held(call)})
		case e.Kind == effects.ChanRecv:
			f.recvs = append(f.recvs, chanOp{instr: instr, at: call, ref: e.Ref, state: state})
		}
	}
}

// locate finds the instruction of a callee's effect and, for a select,
// the case it makes. A receive must be the callee's own (its place then
// tells the case); a send may be further down the calls.
func (r *runLoops) locate(e effects.Op) (ssa.Instruction, int, bool) {
	own := len(e.Via) == 0
	if !own && e.Kind != effects.ChanSend || !e.Pos().IsValid() {
		return nil, 0, false
	}
	for _, instr := range r.byPos[e.Pos()] {
		if own && instr.Parent() != e.Callee {
			continue
		}
		for i, d := range effects.DirectOps(instr) {
			if d.Kind != e.Kind {
				continue
			}
			ref, ok := hb.Storage(r.pass.Fset, d.Value)
			if !own || ok && effects.Unspill(ref).Path.Equal(e.Place.Path()) {
				return instr, i, true
			}
		}
	}
	return nil, 0, false
}

// directField reports whether the state-th operation of instr names a
// field itself.
func (r *runLoops) directField(instr ssa.Instruction, state int) bool {
	ops := effects.DirectOps(instr)
	if state >= len(ops) {
		return false
	}
	ref, ok := hb.Storage(r.pass.Fset, ops[state].Value)
	return ok && isField(ref)
}

// held reports whether instr's function holds a lock there.
func (r *runLoops) held(instr ssa.Instruction) bool {
	if r.model == nil || r.model.ByFunc == nil {
		return false
	}
	fl := r.model.ByFunc[instr.Parent()]
	return fl != nil && len(fl.HeldBefore(instr)) > 0
}

// runLoop is a receive in a run loop: the select, the case that leaves
// the loop, and the goroutine the loop runs on.
type runLoop struct {
	sel   *ssa.Select
	exit  int
	spawn spawn.Spawn
}

// check reports the blocking sends on one field whose receivers are
// all run loops, and the blocking receives from one whose senders are.
func (r *runLoops) check(f *fieldChan) {
	if f.odd || !f.made {
		return
	}
	r.checkSide(f.recvs, f.sends, "send on", "receiver")
	if !f.hidden {
		r.checkSide(f.sends, f.recvs, "receive from", "sender")
	}
}

// checkSide reports the blocking operations of others when every
// operation of loopOps is made by a run loop.
func (r *runLoops) checkSide(loopOps, others []chanOp, verb, role string) {
	if len(loopOps) == 0 || len(others) == 0 {
		return
	}
	var loops []runLoop
	for _, o := range loopOps {
		l, ok := r.loopOf(o)
		if !ok {
			return
		}
		loops = append(loops, l)
	}
	for _, o := range others {
		if o.held || !blocking(o.instr) || serves(o, loops) || r.stopsLoop(o.at.Parent(), loops) || r.cancelsAfter(o, loops) || r.handedLive(o, loops) || r.stopperOwns(o, loops) {
			continue
		}
		r.report(o, loops[0], verb, role)
	}
}

// stopsLoop reports whether fn itself signals a loop's leaving case
// (closes or sends on its channel, or calls what does): a producer that
// sends, then stops the loop, sends while the loop still runs.
func (r *runLoops) stopsLoop(fn *ssa.Function, loops []runLoop) bool {
	exits := map[string]bool{}
	for _, l := range loops {
		if ref, ok := hb.Storage(r.pass.Fset, l.sel.States[l.exit].Chan); ok && ref.Class != "" {
			exits[ref.Class] = true
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, d := range effects.DirectOps(instr) {
				if d.Kind != effects.ChanClose && d.Kind != effects.ChanSend {
					continue
				}
				if ref, ok := hb.Storage(r.pass.Fset, d.Value); ok && exits[ref.Class] {
					return true
				}
			}
			if call, ok := instr.(ssa.CallInstruction); ok {
				if _, isGo := call.(*ssa.Go); isGo {
					continue
				}
				for _, e := range r.effects.AtKinds(call, effects.ChanKinds) {
					if (e.Kind == effects.ChanClose || e.Kind == effects.ChanSend) && exits[e.Ref.Class] {
						return true
					}
				}
			}
		}
	}
	return false
}

// loopOf recognises a receive in a run loop started on a goroutine.
func (r *runLoops) loopOf(o chanOp) (runLoop, bool) {
	sel, ok := o.instr.(*ssa.Select)
	if !ok || !ssautil.InLoop(sel.Block()) {
		return runLoop{}, false
	}
	exit, ok := leavingCase(sel, o.state)
	if !ok || !r.signalled(sel.States[exit].Chan) {
		return runLoop{}, false
	}
	s, ok := r.startedBy(o.at.Parent())
	return runLoop{sel: sel, exit: exit, spawn: s}, ok
}

// signalled reports whether the loop can leave on channel v: it is not
// a field of the package's that nothing closes or sends on (a call's
// result, ctx.Done(), a timer, a parameter: we take it that it can).
func (r *runLoops) signalled(v ssa.Value) bool {
	ref, ok := hb.Storage(r.pass.Fset, v)
	if !ok || !isField(ref) {
		return true
	}
	f := r.fields[ref.Class]
	return f != nil && (f.closed || f.hidden || len(f.sends) > 0)
}

// startedBy returns the spawn whose goroutine runs fn.
func (r *runLoops) startedBy(fn *ssa.Function) (spawn.Spawn, bool) {
	if r.started == nil {
		r.started = startedFuncs(r.funcs, r.effects, r.spawns.OfInstr)
	}
	s, ok := r.started[fn]
	return s, ok
}

// leavingCase returns a receive case of sel, other than ours, after
// which the loop around sel never runs sel again.
func leavingCase(sel *ssa.Select, ours int) (int, bool) {
	for _, b := range sel.Parent().Blocks {
		s, i, ok := hb.SelectCase(b)
		if !ok || s != sel || i == ours || sel.States[i].Dir != types.RecvOnly {
			continue
		}
		body := b.Succs[0]
		if body != sel.Block() && !ssautil.Reaches(body, sel.Block(), nil) {
			return i, true
		}
	}
	return 0, false
}

// blocking reports whether an operation waits for its partner whatever
// else happens: a send statement, a receive, or a select with no other
// case and no default.
func blocking(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Send:
		return true
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Select:
		return instr.Blocking && len(instr.States) == 1
	}
	return false
}

// serves reports whether the operation is made by a loop's own
// goroutine: a loop sending to itself is another bug.
func serves(o chanOp, loops []runLoop) bool {
	for _, l := range loops {
		if o.at.Parent() == l.sel.Parent() || o.instr.Parent() == l.sel.Parent() {
			return true
		}
	}
	return false
}

func (r *runLoops) report(o chanOp, l runLoop, verb, role string) {
	loop := locks.ShortFunc(l.sel.Parent())
	exit := l.sel.States[l.exit]
	related := []analysis.RelatedInformation{
		report.Related(exit.Pos, "%s leaves its loop here, on %s", loop, chanName(r.pass.Fset, exit.Chan)),
		report.Related(l.spawn.Instr.Pos(), "the loop runs on the goroutine started here"),
	}
	if o.at != o.instr {
		related = append(related, report.Related(o.instr.Pos(), "%s %s here, inside the call", verb, o.ref.Name()))
	}
	r.reportf(o.at, related, nil, "%s %s blocks forever once %s has left its loop: it is the only %s; select on %s too",
		verb, o.ref.Name(), loop, role, chanName(r.pass.Fset, exit.Chan))
}

// chanName names a channel for messages: its storage, or the call that
// returns it (ctx.Done()).
func chanName(fset *token.FileSet, v ssa.Value) string {
	if call, ok := v.(*ssa.Call); ok {
		if callee := call.Call.StaticCallee(); callee != nil {
			return callee.Name() + "()"
		}
		if call.Call.IsInvoke() {
			return call.Call.Method.Name() + "()"
		}
	}
	return storageName(fset, v, "its other channel")
}

// startedFuncs maps the functions that run on a goroutine the package
// starts, the spawned bodies and what they call (a few calls deep), to
// the spawn.
func startedFuncs(funcs []*ssa.Function, eff *effects.Result, spawns func(ssa.Instruction) (spawn.Spawn, bool)) map[*ssa.Function]spawn.Spawn {
	const depth, budget = 3, 200
	out := map[*ssa.Function]spawn.Spawn{}
	bodies := map[*ssa.Function]bool{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				s, ok := spawns(instr)
				if !ok || s.Body() == nil || !s.Kind.Concurrent() || bodies[s.Body()] {
					continue
				}
				bodies[s.Body()] = true
				seen := map[*ssa.Function]bool{}
				level := []*ssa.Function{s.Body()}
				for d := 0; d <= depth && len(level) > 0 && len(seen) < budget; d++ {
					var next []*ssa.Function
					for _, f := range level {
						if seen[f] {
							continue
						}
						seen[f] = true
						if _, ok := out[f]; !ok {
							out[f] = s
						}
						next = append(next, callees(f, eff)...)
					}
					level = next
				}
			}
		}
	}
	return out
}

// callees lists the functions f calls (not those it starts).
func callees(f *ssa.Function, eff *effects.Result) []*ssa.Function {
	var out []*ssa.Function
	for _, b := range f.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, ok := call.(*ssa.Go); ok {
				continue
			}
			out = append(out, eff.Callees(call)...)
		}
	}
	return out
}
