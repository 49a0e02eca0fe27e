package effects

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Op is a callee's effect at a call site, in the caller's terms.
type Op struct {
	Effect
	// Ref names the storage in the caller's terms, as hb.Storage names
	// the caller's own operations.
	Ref locks.Ref
	// Held are the locks the callee holds at the operation, in the
	// caller's terms where it can name them (else by class alone).
	Held []locks.Held
	Call ssa.CallInstruction
	// Callee is the function the call runs whose summary holds the
	// effect.
	Callee *ssa.Function
	// Arg is set for an effect of a function value the call passes to
	// its callee, which calls it (FuncCall).
	Arg bool

	pos token.Pos
}

// Pos is the operation's position when it is in this package, else the
// call's.
func (o Op) Pos() token.Pos {
	if o.pos.IsValid() {
		return o.pos
	}
	return o.Call.Pos()
}

// located returns where the effects of fn's summary are made, when the
// summary was made here (else nil: a fact carries sites only).
func (r *Result) located(fn *ssa.Function) []token.Pos {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return r.pos[fn]
}

// callee is a function a call runs, with the values its parameters and
// captured variables take there (nil where the caller cannot name
// them).
type callee struct {
	fn       *ssa.Function
	args     []ssa.Value // parameters, receiver first
	bindings []ssa.Value
	once     bool // run at most once (sync.Once.Do)
	may      bool // one of several functions the call may run
	// mapsOnly is set for one of several implementations an interface
	// call may run (dispatched): only its map effects apply.
	mapsOnly bool
}

// At returns the effects of the functions call runs (before it
// returns: a go statement runs none), in the caller's terms.
//
// Passes that require effects (mapaccess, chanclose) call it at the same
// time; summaries are computed lazily, so calls are serialised.
func (r *Result) At(call ssa.CallInstruction) []Op {
	return r.AtKinds(call, AllKinds)
}

// Kinds is a set of effect kinds.
type Kinds uint8

const (
	MapKinds  Kinds = 1<<MapRead | 1<<MapWrite
	ChanKinds Kinds = 1<<ChanSend | 1<<ChanRecv | 1<<ChanClose | 1<<ChanAssign
	AllKinds        = MapKinds | ChanKinds
	// withCalls adds the calls of func parameters: summaries lift them,
	// passes never see them (At resolves them to the argument's effects).
	withCalls = AllKinds | 1<<FuncCall
)

// Has reports whether k is in the set.
func (ks Kinds) Has(k Kind) bool { return ks&(1<<k) != 0 }

// AtKinds is At for the effects of the given kinds only, in At's order:
// a pass about maps, or about channels, asks for those, and the others
// are not translated.
//
// Answers are remembered per call and kinds: the channel passes ask
// about the same calls (on nats-server's ./server, 250,000 questions
// about 100,000 calls), and an answer cannot change once the summaries
// it reads are made. The list is shared between the passes that ask:
// callers read it and may keep pointers into it, never change it.
func (r *Result) AtKinds(call ssa.CallInstruction, kinds Kinds) []Op {
	k := atKey{call, kinds}
	r.mu.RLock()
	ops, ok := r.answers[k]
	r.mu.RUnlock()
	if ok {
		return ops
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	ops, ok = r.answers[k]
	if !ok {
		ops = r.at(call, kinds)
		if r.answers == nil {
			r.answers = map[atKey][]Op{}
		}
		r.answers[k] = ops
	}
	return ops
}

// atKey is a question AtKinds remembers the answer to.
type atKey struct {
	call  ssa.CallInstruction
	kinds Kinds
}

func (r *Result) at(call ssa.CallInstruction, kinds Kinds) []Op {
	if _, ok := call.(*ssa.Go); ok || r.pkg == nil {
		return nil
	}
	var out []Op
	r.eachOp(call, kinds, func(op Op) { out = append(out, op) })
	return out
}

// AtGo returns the effects a go statement's function makes through the
// function values it is passed (go wait.Until(s.refresh, stop)), in the
// spawner's terms: those the body makes on its own parameters are the
// body's, seen from inside it.
func (r *Result) AtGo(g *ssa.Go, kinds Kinds) []Op {
	if r.pkg == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Op
	r.eachOp(g, kinds, func(op Op) {
		if op.Arg {
			out = append(out, op)
		}
	})
	return out
}

// eachOp calls yield with each of at's answers in turn.
func (r *Result) eachOp(call ssa.CallInstruction, kinds Kinds, yield func(Op)) {
	for _, c := range r.callees(call.Parent(), call.Common()) {
		r.calleeOps(call, c, kinds, nil, maxFuncDepth, yield)
	}
}

// maxFuncDepth bounds how many function arguments deep calleeOps
// follows (a callback passed a callback).
const maxFuncDepth = 3

// calleeOps yields the effects of one function a call runs; around are
// locks the callee holds where it calls a function argument that c is
// (nil for the call's own callee).
func (r *Result) calleeOps(call ssa.CallInstruction, c callee, kinds Kinds, around []locks.Held, depth int, yield func(Op)) {
	r.entering = c.mapsOnly
	sum, pos := r.summary(c.fn), r.located(c.fn)
	// The callee's effects share lists of locks (Result.interned):
	// each is restated once.
	var held map[*Lock][]locks.Held
	for i, e := range sum.Effects {
		if !kinds.Has(e.Kind) && e.Kind != FuncCall {
			continue
		}
		if c.mapsOnly && !MapKinds.Has(e.Kind) {
			continue
		}
		// The place first: the locks held there are restated only for
		// an effect the caller can name (or a call of a function value).
		var ref locks.Ref
		named := false
		if kinds.Has(e.Kind) {
			ref, named = c.translate(r.pass.Fset, e.Place, e.Class, e.ClassName, false)
		}
		if !named && e.Kind != FuncCall {
			continue
		}
		var h []locks.Held
		if len(e.Locks) > 0 {
			k := &e.Locks[0]
			var ok bool
			h, ok = held[k]
			if !ok || len(h) != len(e.Locks) {
				h = make([]locks.Held, len(e.Locks))
				for j, l := range e.Locks {
					h[j] = c.held(r.pass.Fset, l, call.Pos())
				}
				if held == nil {
					held = map[*Lock][]locks.Held{}
				}
				held[k] = h
			}
		}
		if len(around) > 0 {
			h = append(append([]locks.Held(nil), around...), h...)
		}
		if e.Kind == FuncCall && depth > 0 {
			for _, arg := range r.funcArgs(call, c, e.Place) {
				arg.may = arg.may || e.May || c.may || c.once
				r.calleeOps(call, arg, kinds, h, depth-1, yield)
			}
		}
		if !named {
			continue
		}
		if ref.Class == "" {
			ref.Class, ref.ClassName = e.Class, e.ClassName
		}
		op := Op{Effect: e, Ref: ref, Call: call, Callee: c.fn, Held: h, Arg: depth < maxFuncDepth}
		if i < len(pos) {
			op.pos = pos[i]
		}
		op.Effect.Locks = nil
		op.Once = e.Once || (c.once && e.Kind == ChanClose)
		op.May = e.May || c.once || c.may
		op.Awaited = e.Awaited && !c.may && !c.once // one of several callees, or once: maybe not
		yield(op)
	}
}

// funcArgs returns the functions a FuncCall effect's place may hold
// at c's call (a function, a closure, a bound method value), as
// internal/calls resolves a call of it: one unknown value, none.
func (r *Result) funcArgs(call ssa.CallInstruction, c callee, place access.Fact) []callee {
	if !funcPlace(place) {
		return nil
	}
	var v ssa.Value
	switch i := place.Root.Index; place.Root.Kind {
	case access.Param:
		if i < len(c.args) {
			v = c.args[i]
		}
	case access.Free:
		if i < len(c.bindings) {
			v = c.bindings[i]
		}
	}
	if len(place.Steps) == 1 {
		v = storedOnce(v)
	}
	if v == nil {
		return nil
	}
	var out []callee
	for _, f := range r.resolver.Values(call.Parent(), v) {
		if f.Fn == nil {
			return nil
		}
		out = append(out, callee{fn: f.Fn, args: f.Args, bindings: f.Bindings, may: f.Alternatives > 1})
	}
	return out
}

// storedOnce returns the only value ever stored in a variable (a
// captured parameter's spill), else nil.
func storedOnce(v ssa.Value) ssa.Value {
	alloc, ok := v.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var val ssa.Value
	for _, u := range *alloc.Referrers() {
		st, ok := u.(*ssa.Store)
		if !ok || st.Addr != alloc {
			continue
		}
		if val != nil {
			return nil
		}
		val = st.Val
	}
	return val
}

// callees lists what a call runs, as internal/calls resolves it and as
// far as the lock model trusts it (locks.Applies), and the function
// argument of sync.Once.Do.
func (r *Result) callees(caller *ssa.Function, common *ssa.CallCommon) []callee {
	if ssautil.IsOnceDo(common) {
		if len(common.Args) != 2 {
			return nil
		}
		switch f := common.Args[1].(type) {
		case *ssa.MakeClosure:
			if body, ok := f.Fn.(*ssa.Function); ok {
				return []callee{{fn: body, bindings: f.Bindings, once: true}}
			}
		case *ssa.Function:
			return []callee{{fn: f, once: true}}
		}
		return nil
	}
	var out []callee
	resolved := r.resolver.Callees(caller, common)
	beside := besideOnly(common, resolved)
	dispatched := r.dispatched(common, resolved)
	for _, c := range resolved {
		apply, may := locks.Applies(common, c)
		if !apply && c.Fn == beside {
			// The one implementation declared beside the interface,
			// among others of imported packages (sync.WaitGroup has
			// Go and Wait too): those have no effects this package
			// can see, so this one's apply, as ones that may not run.
			apply, may = true, true
		}
		mapsOnly := false
		if !apply && dispatched {
			apply, may, mapsOnly = true, true, true
		}
		if !apply {
			continue
		}
		args := c.Args
		if common.IsInvoke() && len(args) > 0 && args[0] == nil {
			// The implementation's receiver is the pointer the
			// interface value holds: name it by the interface value.
			args = append([]ssa.Value{common.Value}, args[1:]...)
		}
		out = append(out, callee{fn: c.Fn, args: args, bindings: c.Bindings, may: may, mapsOnly: mapsOnly})
	}
	return out
}

// Callees returns the functions a call runs, as At follows them for
// every kind of effect (not the implementations dispatched to for
// their map effects only).
func (r *Result) Callees(call ssa.CallInstruction) []*ssa.Function {
	if r.pkg == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*ssa.Function
	for _, c := range r.callees(call.Parent(), call.Common()) {
		if !c.mapsOnly {
			out = append(out, c.fn)
		}
	}
	return out
}

// besideOnly returns the only implementation an interface call
// resolves to that is declared beside the interface, if there is one.
func besideOnly(common *ssa.CallCommon, resolved []calls.Callee) *ssa.Function {
	var only *ssa.Function
	for _, c := range resolved {
		if c.Kind != calls.Interface || c.Fn == nil || !locks.BesideInterface(common, c.Fn) {
			continue
		}
		if only != nil {
			return nil
		}
		only = c.Fn
	}
	return only
}

// translate names a callee's place in the caller's terms
// (access.Site.Rebase). A map or channel parameter with no steps is the
// argument's value, named by where the caller loaded it from, as the
// caller's own operations are; a path below a parameter extends the
// argument's own name. A lock is always named by its address. An
// interface argument names the pointer it holds, a channel converted
// to one direction the channel.
func (c callee) translate(fset *token.FileSet, place access.Fact, class, className string, lock bool) (access.Ref, bool) {
	namer := access.PlaceOf
	if !lock && place.Root.Kind == access.Param && len(place.Steps) == 0 {
		namer = access.StoragePlace
	}
	site := access.Site{Args: c.args, Bindings: c.bindings}
	if !fitsArg(site, place, class) {
		return access.Ref{}, false
	}
	return site.RebaseFact(fset, place, class, className, func(fset *token.FileSet, v ssa.Value) (access.Ref, bool) {
		if mi, ok := v.(*ssa.MakeInterface); ok {
			v = mi.X
		}
		return namer(fset, ssautil.ChanValue(v))
	})
}

// held restates a lock the callee holds in the caller's terms; one the
// caller cannot name keeps its class.
func (c callee) held(fset *token.FileSet, l Lock, at token.Pos) locks.Held {
	h := locks.Held{Ref: access.Ref{Class: l.Class, ClassName: l.ClassName}, Mode: l.Mode, Pos: at, Wrapped: l.Wrapped}
	if !l.Place.Root.Kind.Outside() {
		return h
	}
	if ref, ok := c.translate(fset, l.Place, l.Class, l.ClassName, true); ok {
		if ref.Class == "" {
			ref.Class, ref.ClassName = l.Class, l.ClassName
		}
		h.Ref = ref
	}
	return h
}
