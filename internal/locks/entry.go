package locks

import (
	"go/token"
	"go/types"
	"slices"
	"sort"
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Entry locksets: the locks every caller holds around a call.
//
// A helper documented "Lock should be held" takes no lock itself: its
// callers do. An analyzer asking which locks are held around one of
// its operations must see them, or it reports a race between two
// sections one lock serialises. For a function whose every call is a
// static call in this package (see candidate), the entry lockset is
// the intersection, over those calls, of the locks held there, each
// restated in the function's own terms: a lock below an argument is
// below the parameter, a package variable's lock is itself. A lock a
// caller does not take but holds on entry counts at its calls until it
// releases it. The sets are solved to the greatest fixed point over the
// call graph, so a recursive call keeps what the outside callers hold.
//
// A function some caller may reach unseen has an empty set: exported
// functions (other packages call them), functions used as values (a
// method value, a function stored in a field, passed as a callback or
// started as a goroutine, a deferred call), methods an interface call
// may run, init and main, and functions no code calls.

// Bounds: an entry set keeps at most maxEntryLocks locks, and the
// solver gives up (every set empty) after maxEntryRounds rounds.
const (
	maxEntryLocks  = 8
	maxEntryRounds = 256
)

// entries computes the package's entry locksets on first use.
type entries struct {
	once  sync.Once
	fset  *token.FileSet
	pkg   *ssa.Package
	funcs []*ssa.Function
	flows map[*ssa.Function]*FuncFlow
	held  map[*ssa.Function][]Held
}

// EntryHeld returns the locks held at every call of fn, in fn's terms
// (Held.Entry set, Pos a call that holds the lock); empty when some
// caller may be unseen (see entries).
func (r *Result) EntryHeld(fn *ssa.Function) []Held {
	if r.entries == nil || fn == nil {
		return nil
	}
	r.entries.once.Do(r.entries.solve)
	return r.entries.held[fn]
}

// HeldAround returns the locks held around instr: those its function
// holds there (HeldBefore) and those every caller holds on entry that
// the function has not released on some path to instr.
func (r *Result) HeldAround(instr ssa.Instruction) []Held {
	fl := r.ByFunc[instr.Parent()]
	if fl == nil {
		return nil
	}
	s := fl.stateBefore(instr)
	if s == nil {
		return nil
	}
	return withEntry(s, r.EntryHeld(instr.Parent()))
}

// withEntry lists the locks held in s, and those of entry that s still
// holds: neither taken again here (already listed) nor released.
func withEntry(s *state, entry []Held) []Held {
	out := s.collect(true)
	for _, h := range entry {
		if _, ok := s.held[h.Ref.Key]; !ok && !s.borrowed[h.Ref.Key] {
			out = append(out, h)
		}
	}
	return out
}

// entrySite is one static call of a candidate.
type entrySite struct {
	caller *ssa.Function
	call   *ssa.Call
	site   access.Site
	// state is the caller's lock state before the call; nil when the
	// caller has no lock flow (then it holds nothing we know of).
	state *state
}

func (e *entries) solve() {
	e.held = map[*ssa.Function][]Held{}
	sites, order := e.sites()
	e.statesAt(sites, order)
	// top marks the sets not yet constrained by any call (the
	// greatest element); they shrink from there.
	top := map[*ssa.Function]bool{}
	for _, fn := range order {
		top[fn] = true
	}
	// Every function's own certainty first: the locks it releases
	// without taking them (see heldOnEntry); the callers' intersection
	// adds to that for candidates.
	cur := map[*ssa.Function][]Held{}
	seeds := map[*ssa.Function][]Held{}
	for _, fn := range e.funcs {
		if fl := e.flows[fn]; fl != nil {
			seeds[fn] = heldOnEntry(fl)
			cur[fn] = seeds[fn]
		}
	}
	for round := 0; ; round++ {
		if round == maxEntryRounds {
			return // not converged: no set is trusted
		}
		changed := false
		for _, fn := range order {
			next, ok := e.meet(fn, sites[fn], top, cur)
			if !ok {
				continue
			}
			next = union(next, seeds[fn])
			if top[fn] || !sameKeys(next, cur[fn]) {
				changed = true
			}
			top[fn] = false
			cur[fn] = next
		}
		if !changed {
			break
		}
	}
	for fn, held := range cur {
		if len(held) > 0 && !top[fn] {
			e.held[fn] = held
		}
	}
	for fn := range top {
		if top[fn] && len(seeds[fn]) > 0 {
			e.held[fn] = seeds[fn]
		}
	}
}

// union adds to a the locks of b it lacks, in key order.
func union(a, b []Held) []Held {
	for _, h := range b {
		if !slices.ContainsFunc(a, func(g Held) bool { return g.Ref.Key == h.Ref.Key }) {
			a = append(a, h)
		}
	}
	sort.Slice(a, func(i, j int) bool { return a[i].Ref.Key < a[j].Ref.Key })
	return a
}

// heldOnEntry returns the caller's locks fl's function releases on
// every path without ever taking them (an Unlock method, "unlocks
// before returning"): unlocking a mutex not held is a fatal error, so
// every caller holds them at the call, whoever it is.
func heldOnEntry(fl *FuncFlow) []Held {
	f := fl.flow
	if f == nil || f.must == nil {
		return nil
	}
	var out []Held
	var acquired map[string]bool // built on the first release seen
	for _, b := range fl.Fn.Blocks {
		if !f.must[b] {
			continue
		}
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, ref, ok := f.lockOp(&call.Call)
			if !ok || (op != Unlock && op != RUnlock) || ref.Key == "" || !ref.Path.Root.Kind.Outside() {
				continue
			}
			if acquired == nil {
				acquired = map[string]bool{}
				for _, a := range fl.Acquisitions {
					acquired[a.Ref.Key] = true
				}
			}
			if acquired[ref.Key] {
				continue
			}
			out = union(out, []Held{{Ref: ref, Mode: op.mode(), Pos: call.Pos(), Entry: true}})
		}
	}
	return out
}

// acquires reports whether fl's function takes the lock key anywhere,
// itself or through a call.
func (fl *FuncFlow) acquires(key string) bool {
	return slices.ContainsFunc(fl.Acquisitions, func(a Acquisition) bool { return a.Ref.Key == key })
}

// entryGates returns the classes held for writing by every caller of
// fl's function (and by it since) that are still held at a, nested
// under h: gates of the edge h → a, as callerGates are for callbacks.
// A gate the function releases on some path before a, or a callee
// releases on the way to a, or the function takes back itself, gates
// nothing.
func entryGates(fl *FuncFlow, h Held, a Acquisition) []string {
	if a.Instr == nil {
		return nil
	}
	var gates []Held
	for _, g := range fl.entryHeld {
		if g.Mode == Write && !g.Wrapped && g.Ref.Class != "" && g.Ref.Class != h.Ref.Class && g.Ref.Class != a.Ref.Class && !fl.acquires(g.Ref.Key) {
			gates = append(gates, g)
		}
	}
	if len(gates) == 0 {
		return nil
	}
	before := fl.stateBefore(a.Instr)
	if before == nil {
		return nil
	}
	var after *state
	if i := ssautil.Index(a.Instr); !a.Direct() && i >= 0 && i+1 < len(a.Instr.Block().Instrs) {
		after = fl.stateBefore(a.Instr.Block().Instrs[i+1])
	}
	var out []string
	for _, g := range gates {
		k := g.Ref.Key
		if before.borrowed[k] || (!a.Direct() && (after == nil || after.borrowed[k])) {
			continue
		}
		out = append(out, g.Ref.Class)
	}
	return out
}

// statesAt records the caller's state before each site, replaying
// each block with sites once.
func (e *entries) statesAt(sites map[*ssa.Function][]entrySite, order []*ssa.Function) {
	at := map[*ssa.Call]*state{}
	for _, fn := range order {
		for _, s := range sites[fn] {
			at[s.call] = nil
		}
	}
	blocks := map[*ssa.BasicBlock]bool{}
	for _, fn := range order {
		for _, s := range sites[fn] {
			if b := s.call.Block(); b != nil && !blocks[b] && e.flows[s.caller] != nil {
				blocks[b] = true
				e.flows[s.caller].replayFromEntry(b, func(in ssa.Instruction, st *state) bool {
					if call, ok := in.(*ssa.Call); ok {
						if _, want := at[call]; want {
							at[call] = st.clone()
						}
					}
					return true
				})
			}
		}
	}
	for _, fn := range order {
		for i := range sites[fn] {
			sites[fn][i].state = at[sites[fn][i].call]
		}
	}
}

// meet intersects the locks held at fn's calls, restated in fn's
// terms; ok is false while every caller is still unconstrained.
func (e *entries) meet(fn *ssa.Function, sites []entrySite, top map[*ssa.Function]bool, cur map[*ssa.Function][]Held) (out []Held, ok bool) {
	for _, s := range sites {
		if top[s.caller] {
			continue // no constraint yet (a recursive call, at first)
		}
		var here []Held
		if s.state != nil {
			here = e.restate(withEntry(s.state, cur[s.caller]), s, fn)
		}
		if !ok {
			out, ok = here, true
			continue
		}
		out = intersect(out, here)
	}
	return out, ok
}

// restate names the locks held at s in fn's terms, dropping those fn
// cannot name (the caller's own locals, an element chosen by the
// caller's index).
func (e *entries) restate(held []Held, s entrySite, fn *ssa.Function) []Held {
	var out []Held
	for _, h := range held {
		ref, ok := e.inCallee(h.Ref, s.site, fn)
		if !ok {
			continue
		}
		out = append(out, Held{Ref: ref, Mode: h.Mode, Pos: s.call.Pos(), Wrapped: h.Wrapped, Entry: true})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ref.Key < out[j].Ref.Key })
	if len(out) > maxEntryLocks {
		out = out[:maxEntryLocks]
	}
	return out
}

// inCallee is access.Site.Rebase backwards: the callee's name for a
// place the caller names as r, below one of the values the site binds
// to the callee's parameters or free variables. The answer is checked
// by rebasing it forward again.
func (e *entries) inCallee(r Ref, site access.Site, fn *ssa.Function) (Ref, bool) {
	p := r.Path
	for _, st := range p.Steps {
		if st.Dynamic {
			return Ref{}, false
		}
	}
	if p.Root.Kind == access.Global {
		q := access.Path{Root: p.Root, Steps: p.Steps}
		return q.Ref(r.Class, r.ClassName), true
	}
	try := func(kind access.Kind, vals []ssa.Value, names func(int) string) (Ref, bool) {
		for i, v := range vals {
			if v == nil {
				continue // a value the calling function cannot name
			}
			var load []access.Step
			if param := access.ParamCell(v); param != nil && kind == access.Free {
				// A captured parameter's cell: the closure loads the
				// parameter from it.
				v, load = param, []access.Step{{Kind: access.Deref}}
			}
			base, ok := namedArg(e.fset, v)
			if !ok || len(base.Path.Steps) > len(p.Steps) || !p.Prefixes()[len(base.Path.Steps)].Equal(base.Path) {
				continue
			}
			q := access.Path{Root: access.Root{Kind: kind, Index: i, Name: names(i)}, Steps: append(load, p.Steps[len(base.Path.Steps):]...)}
			ref := q.Ref(r.Class, r.ClassName)
			if back, ok := site.Rebase(e.fset, ref, namedArg); ok && back.Key == r.Key {
				return ref, true
			}
		}
		return Ref{}, false
	}
	if ref, ok := try(access.Param, site.Args, func(i int) string { return paramName(fn, i) }); ok {
		return ref, true
	}
	return try(access.Free, site.Bindings, func(i int) string { return freeName(fn, i) })
}

// namedArg names the place an argument points to, as the lock model
// names a mutex by its address; an interface argument names the
// pointer it holds.
func namedArg(fset *token.FileSet, v ssa.Value) (Ref, bool) {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	return access.RefOf(fset, v)
}

func paramName(fn *ssa.Function, i int) string {
	if i < len(fn.Params) {
		return fn.Params[i].Name()
	}
	return ""
}

func freeName(fn *ssa.Function, i int) string {
	if i < len(fn.FreeVars) {
		return fn.FreeVars[i].Name()
	}
	return ""
}

// intersect keeps the locks of a also in b, in the weaker of the two
// modes.
func intersect(a, b []Held) []Held {
	var out []Held
	for _, h := range a {
		for _, g := range b {
			if g.Ref.Key == h.Ref.Key {
				if g.Mode == Read {
					h.Mode = Read
				}
				h.Wrapped = h.Wrapped || g.Wrapped
				out = append(out, h)
				break
			}
		}
	}
	return out
}

func sameKeys(a, b []Held) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Ref.Key != b[i].Ref.Key || a[i].Mode != b[i].Mode {
			return false
		}
	}
	return true
}

// sites returns the static calls of every candidate, and the
// candidates in source order.
func (e *entries) sites() (map[*ssa.Function][]entrySite, []*ssa.Function) {
	all := map[*ssa.Function][]entrySite{}
	escaped := map[*ssa.Function]bool{}
	invoked := map[string]bool{}
	var ops []*ssa.Value
	for _, fn := range e.scanned() {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok && c.Common().IsInvoke() {
					invoked[c.Common().Method.Name()] = true
				}
				mc, _ := instr.(*ssa.MakeClosure)
				if mc != nil {
					closureSites(mc, all, escaped)
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					f, ok := (*op).(*ssa.Function)
					if !ok || (mc != nil && op == &mc.Fn) {
						continue
					}
					if call, ok := instr.(*ssa.Call); ok && op == &call.Call.Value {
						all[f] = append(all[f], entrySite{caller: fn, call: call, site: access.CallSite(&call.Call)})
						continue
					}
					escape(f, escaped)
				}
			}
		}
	}
	var order []*ssa.Function
	for _, fn := range e.funcs {
		if len(all[fn]) > 0 && !escaped[fn] && e.candidate(fn, invoked) {
			order = append(order, fn)
		}
	}
	return all, order
}

// scanned lists the functions whose uses of other functions count:
// the package's source functions, and the package initialiser with its
// closures (package variables may hold functions).
func (e *entries) scanned() []*ssa.Function {
	return ssautil.WithInit(e.pkg, e.funcs)
}

// closureSites records the calls of a closure; any other use of it
// (passed, stored, started, deferred) lets it escape.
func closureSites(mc *ssa.MakeClosure, all map[*ssa.Function][]entrySite, escaped map[*ssa.Function]bool) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return
	}
	for _, u := range *mc.Referrers() {
		if call, ok := u.(*ssa.Call); ok && call.Call.Value == ssa.Value(mc) && !used(call.Call.Args, mc) {
			all[fn] = append(all[fn], entrySite{caller: mc.Parent(), call: call, site: access.CallSite(&call.Call)})
			continue
		}
		if call, ok := u.(*ssa.Call); ok && call.Call.Value != ssa.Value(mc) {
			if sites, ok := passedSites(mc, call); ok {
				all[fn] = append(all[fn], sites...)
				continue
			}
		}
		escape(fn, escaped)
	}
}

func used(args []ssa.Value, v ssa.Value) bool {
	for _, a := range args {
		if a == v {
			return true
		}
	}
	return false
}

// escape marks a function used as a value, and, for a wrapper (a bound
// method, a thunk), the functions it calls.
func escape(f *ssa.Function, escaped map[*ssa.Function]bool) {
	escaped[f] = true
	if f.Synthetic == "" {
		return
	}
	var ops []*ssa.Value
	for _, b := range f.Blocks {
		for _, instr := range b.Instrs {
			ops = instr.Operands(ops[:0])
			for _, op := range ops {
				if g, ok := (*op).(*ssa.Function); ok {
					escaped[g] = true
				}
			}
		}
	}
}

// candidate reports whether every call of fn is in this package and
// static: an unexported, non-generic function or method that no
// interface call of the package may run, or a closure (whose uses
// sites has seen).
func (e *entries) candidate(fn *ssa.Function, invoked map[string]bool) bool {
	if len(fn.Blocks) == 0 || fn.Synthetic != "" || fn.Pkg != e.pkg || fn.Origin() != nil || fn.TypeParams().Len() > 0 {
		return false
	}
	if fn.Parent() != nil {
		return true
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Exported() || fn.Name() == "init" || fn.Name() == "main" {
		return false
	}
	if recv := fn.Signature.Recv(); recv != nil {
		return fn.Signature.RecvTypeParams().Len() == 0 && !invoked[fn.Name()]
	}
	return true
}

// TouchesLocks reports whether fn, a function of this package, takes,
// holds or releases a lock, itself or through its calls.
func (r *Result) TouchesLocks(fn *ssa.Function) bool {
	fl := r.ByFunc[fn]
	return fl != nil && fl.Summary != nil && !fl.Summary.empty()
}
