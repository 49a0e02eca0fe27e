package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Result holds one package's summaries, computed on demand, and
// translates them to call sites.
type Result struct {
	pass     *analysis.Pass
	pkg      *ssa.Package // nil when the package was skipped
	model    *locks.Result
	resolver *calls.Resolver
	// mu serialises At and Callees: they fill sums, pos and the
	// resolver's caches lazily, for passes that run in parallel.
	// AtKinds reads its remembered answers under the read lock.
	mu   sync.RWMutex
	sums map[*ssa.Function]*Summary
	// pos locates the effects of the summaries made here: pos[fn][i]
	// is where sums[fn].Effects[i] is made, at its first witness
	// (facts carry sites only).
	pos      map[*ssa.Function][]token.Pos
	interned interned
	answers  map[atKey][]Op // see AtKinds
	// stack, dispatchedFrames and entering track the summaries in
	// progress (see enter).
	stack            []frame
	dispatchedFrames int
	entering         bool
	remade           map[*ssa.Function]int // provisional summaries made again
}

// Direct is a map or channel operation an instruction makes itself.
type Direct struct {
	Kind     Kind
	Value    ssa.Value // the map or channel
	Deferred bool      // a deferred close
}

// DirectOps lists the map and channel operations instr makes itself (a
// select makes several).
func DirectOps(instr ssa.Instruction) []Direct {
	switch instr := instr.(type) {
	case *ssa.MapUpdate:
		return []Direct{{Kind: MapWrite, Value: instr.Map}}
	case *ssa.Lookup:
		if isMap(instr.X.Type()) {
			return []Direct{{Kind: MapRead, Value: instr.X}}
		}
	case *ssa.Range:
		if isMap(instr.X.Type()) {
			return []Direct{{Kind: MapRead, Value: instr.X}}
		}
	case *ssa.Send:
		return []Direct{{Kind: ChanSend, Value: instr.Chan}}
	case *ssa.UnOp:
		if instr.Op == token.ARROW {
			return []Direct{{Kind: ChanRecv, Value: instr.X}}
		}
	case *ssa.Select:
		var out []Direct
		for _, st := range instr.States {
			k := ChanRecv
			if st.Dir == types.SendOnly {
				k = ChanSend
			}
			out = append(out, Direct{Kind: k, Value: st.Chan})
		}
		return out
	case *ssa.Store:
		if _, ok := instr.Val.Type().Underlying().(*types.Chan); ok {
			return []Direct{{Kind: ChanAssign, Value: instr.Addr}}
		}
	case *ssa.Call:
		return builtinOp(&instr.Call, false)
	case *ssa.Defer:
		return builtinOp(&instr.Call, true)
	}
	return nil
}

// builtinOp recognises close, delete and clear (only close deferred:
// a deferred delete is rare enough to leave out).
func builtinOp(call *ssa.CallCommon, deferred bool) []Direct {
	b, ok := call.Value.(*ssa.Builtin)
	if !ok || len(call.Args) == 0 {
		return nil
	}
	switch b.Name() {
	case "close":
		return []Direct{{Kind: ChanClose, Value: call.Args[0], Deferred: deferred}}
	case "delete", "clear":
		if !deferred && isMap(call.Args[0].Type()) {
			return []Direct{{Kind: MapWrite, Value: call.Args[0]}}
		}
	}
	return nil
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// Always reports whether instr runs on every path through fn to a
// return: its block dominates every returning block.
func Always(fn *ssa.Function, instr ssa.Instruction) bool {
	returns := 0
	for _, b := range fn.Blocks {
		if b == fn.Recover || len(b.Instrs) == 0 {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			returns++
			if !instr.Block().Dominates(b) {
				return false
			}
		}
	}
	return returns > 0
}

// Watches reports whether instr is a select that receives in one of
// its cases.
func Watches(instr ssa.Instruction) bool {
	sel, ok := instr.(*ssa.Select)
	if !ok {
		return false
	}
	for _, st := range sel.States {
		if st.Dir == types.RecvOnly {
			return true
		}
	}
	return false
}

// awaited reports whether the k-th operation of instr is one the
// function cannot go on without: a plain receive, or the one case of a
// select after which the function goes on.
func awaited(instr ssa.Instruction, k int) bool {
	sel, ok := instr.(*ssa.Select)
	return !ok || ssautil.OnlyLiveCase(sel, k)
}

// inSelect reports whether instr is a select that need not wait for
// any one case: it has several, or a default.
func inSelect(instr ssa.Instruction) bool {
	sel, ok := instr.(*ssa.Select)
	return ok && (!sel.Blocking || len(sel.States) > 1)
}

// WaitedBefore reports whether instr's function waits (a Wait on a
// group, a receive) before instr on every path to it.
func WaitedBefore(fset *token.FileSet, instr ssa.Instruction) bool {
	for b := instr.Block(); b != nil; b = b.Idom() {
		for _, x := range b.Instrs {
			if b == instr.Block() && x == instr {
				break
			}
			if _, _, ok := hb.JoinKey(fset, x); ok {
				return true
			}
		}
	}
	return false
}

// summary returns fn's summary: computed here when its body is in this
// package, else imported. A function in progress (recursion) yields
// what it has so far.
func (r *Result) summary(fn *ssa.Function) *Summary {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	dispatched := r.entering
	r.entering = false
	if s, ok := r.sums[fn]; ok {
		r.recursed(fn)
		return s
	}
	s := &Summary{}
	r.sums[fn] = s
	if r.pkg == nil {
		return s
	}
	if len(fn.Blocks) == 0 || (fn.Pkg != r.pkg && fn.Pkg != nil) {
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg() != r.pass.Pkg {
			r.pass.ImportObjectFact(obj.Origin(), s)
		}
		return s
	}
	sc := r.scope(fn)
	defer r.enter(fn, dispatched)()
	var m merger
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			r.direct(&m, sc, instr, i)
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, ok := call.(*ssa.Go); ok {
				continue // runs no effects before the call returns (At)
			}
			r.funcCall(&m, sc, call, i)
			var pt *point
			r.eachOp(call, withCalls, func(op Op) {
				if pt == nil {
					p := sc.at(call, i)
					pt = &p
				}
				if e, ok := r.lift(sc, *pt, op); ok {
					if kept := m.add(e, op.Pos()); kept != nil {
						// The first witness: its own copies of what
						// lift shares.
						kept.Locks = slices.Clone(kept.Locks)
						kept.Via = r.via(op)
					}
				}
			})
		}
	}
	s.Effects, r.pos[fn] = m.done()
	for i := range s.Effects {
		s.Effects[i].Locks = r.interned.locks(s.Effects[i].Locks)
	}
	return s
}

// direct adds the effects instr, at index i of its block, makes
// itself on storage fn's callers can name.
func (r *Result) direct(m *merger, sc *scope, instr ssa.Instruction, i int) {
	ops := DirectOps(instr)
	if len(ops) == 0 {
		return
	}
	var pt *point
	for k, d := range ops {
		ref, ok := access.Storage(r.pass.Fset, d.Value)
		if !ok {
			continue
		}
		place, ok := placeOf(Unspill(ref))
		if !ok {
			continue
		}
		if pt == nil {
			p := sc.at(instr, i)
			pt = &p
		}
		e := Effect{Kind: d.Kind, Place: place, Class: ref.Class, ClassName: ref.ClassName, Site: locks.Site(r.pass.Fset, instr.Pos())}
		e.May = pt.may
		e.Waited = pt.waited
		e.Watched = d.Kind == ChanSend && Watches(instr)
		e.Select = inSelect(instr)
		e.Awaited = d.Kind == ChanRecv && !pt.may && awaited(instr, k)
		e.Locks = append(e.Locks, pt.locks...)
		if load, ok := d.Value.(*ssa.UnOp); ok && load.Op == token.MUL && load.Block() != nil && ssa.Instruction(load) != instr {
			// m := s.m under the lock, ranged over after Unlock: as
			// mapaccess counts it, the lock held at the load guards.
			for _, h := range sc.heldAtLoad(load) {
				e.Locks = append(e.Locks, lockOf(h))
			}
		}
		e.Locks = append(e.Locks, sc.paths...)
		e.Once = d.Kind == ChanClose && len(e.Locks) > 0
		m.add(e, instr.Pos())
	}
}

// funcCall adds a FuncCall effect for a call of a function value that
// fn's caller passes in: a parameter, or a captured one. A deferred
// call counts (it runs before fn returns); a go statement does not.
func (r *Result) funcCall(m *merger, sc *scope, call ssa.CallInstruction, i int) {
	common := call.Common()
	if common.IsInvoke() || common.StaticCallee() != nil {
		return
	}
	place, ok := funcValuePlace(r.pass.Fset, common.Value)
	if !ok {
		return
	}
	pt := sc.at(call, i)
	e := Effect{Kind: FuncCall, Place: place, Site: locks.Site(r.pass.Fset, call.Pos()), May: pt.may, Waited: pt.waited}
	e.Locks = append(append(e.Locks, pt.locks...), sc.paths...)
	m.add(e, call.Pos())
}

// funcValuePlace names a called function value the caller passes: a
// parameter, a captured one, or one loaded from the variable go/ssa
// spills a captured parameter to (named by a Deref below the captured
// variable, so that the caller's Unspill names its parameter).
func funcValuePlace(fset *token.FileSet, v ssa.Value) (access.Fact, bool) {
	switch v := v.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		ref, ok := access.Storage(fset, v)
		if !ok {
			return access.Fact{}, false
		}
		place, ok := placeOf(Unspill(ref))
		return place, ok && len(place.Steps) == 0
	case *ssa.UnOp:
		fv, ok := v.X.(*ssa.FreeVar)
		if !ok || v.Op != token.MUL {
			return access.Fact{}, false
		}
		for i, f := range fv.Parent().FreeVars {
			if f == fv {
				return access.Fact{Root: access.Root{Kind: access.Free, Index: i}, Steps: []access.Step{{Kind: access.Deref}}}, true
			}
		}
	}
	return access.Fact{}, false
}

// funcPlace reports whether a FuncCall place names a function value
// the caller passes: a parameter, a captured one, or the variable a
// captured parameter is spilled to.
func funcPlace(place access.Fact) bool {
	switch len(place.Steps) {
	case 0:
		return true
	case 1:
		return place.Root.Kind == access.Free && place.Steps[0].Kind == access.Deref
	}
	return false
}

// lift restates an effect of a call fn makes as fn's own; pt is what
// holds at the call. Most effects lifted merge with one found before,
// so the effect shares what it would copy: its Locks are the scope's
// scratch list, and its Via the callee's (see via).
func (r *Result) lift(sc *scope, pt point, op Op) (Effect, bool) {
	ref := Unspill(op.Ref)
	place, ok := placeOf(ref)
	if !ok {
		return Effect{}, false
	}
	e := op.Effect
	e.Place = place
	if ref.Class != "" {
		e.Class, e.ClassName = ref.Class, ref.ClassName
	}
	e.May = e.May || pt.may
	e.Awaited = e.Awaited && !pt.may
	e.Waited = e.Waited || pt.waited
	sc.scratch = append(sc.scratch[:0], sc.locksOf(op.Held)...)
	sc.scratch = append(sc.scratch, pt.locks...)
	sc.scratch = append(sc.scratch, sc.paths...)
	e.Locks = nil
	if len(sc.scratch) > 0 {
		e.Locks = sc.scratch
	}
	e.Once = e.Once || (e.Kind == ChanClose && len(e.Locks) > 0)
	return e, true
}

// via is the chain of calls to a lifted effect: the call, then the
// callee's.
func (r *Result) via(op Op) []string {
	via := append([]string{locks.Site(r.pass.Fset, op.Call.Pos())}, op.Via...)
	if len(via) > maxVia {
		via = via[:maxVia]
	}
	return via
}

// pathLocks returns, as wrapped locks, the locks fn takes on some
// paths only: when a bool parameter says so (func (s *Sublist)
// match(subject string, doLock bool)), or through a helper that locks
// conditionally (nats' fsLock closure). Whether fn's operations are
// guarded then depends on the path or the caller, which is unknown
// here: like a wrapped lock, such a lock silences without guarding.
func (r *Result) pathLocks(fn *ssa.Function) []Lock {
	if r.model == nil || r.model.ByFunc == nil {
		return nil
	}
	fl := r.model.ByFunc[fn]
	if fl == nil || fl.Summary == nil {
		return nil
	}
	var out []Lock
	for _, a := range fl.Summary.Acquires {
		if !a.May && !a.Cond.Conditional() {
			continue
		}
		l := Lock{Class: a.Class, ClassName: a.ClassName, Mode: a.Mode, Wrapped: true}
		for _, e := range fl.Summary.Locks {
			if e.Class == a.Class {
				l.Place = e.Path
			}
		}
		out = append(out, l)
	}
	return out
}

// placeOf returns the serialisable place of ref when a caller can name
// it, on a path that means the same thing there: an element picked by
// a value of the function's own (shards[i]) names nothing outside it.
func placeOf(ref access.Ref) (access.Fact, bool) {
	for _, st := range ref.Path.Steps {
		if st.Dynamic {
			return access.Fact{}, false
		}
	}
	return ref.Path.Fact()
}

func lockOf(h locks.Held) Lock {
	l := Lock{Class: h.Ref.Class, ClassName: h.Ref.ClassName, Mode: h.Mode, Wrapped: h.Wrapped}
	if place, ok := placeOf(Unspill(h.Ref)); ok {
		l.Place = place
	}
	return l
}

// bound merges effects that differ only in witness (the first site
// kept; may only when every witness is), sorts them and keeps at most
// maxEffects, and at most maxLocks locks each.
func bound(list []Effect) []Effect {
	out, _ := boundAt(list, make([]token.Pos, len(list)))
	return out
}

// boundAt is bound for effects located at pos (pos[i] is list[i]'s),
// and returns the positions of the effects kept.
func boundAt(list []Effect, pos []token.Pos) ([]Effect, []token.Pos) {
	var m merger
	for i, e := range list {
		m.add(e, pos[i])
	}
	return m.done()
}

// merger merges a function's effects as they are found (bound): a
// large function makes many calls, each with its callees' effects, and
// summaries are made depth first, so the effects found are not kept
// as a list.
type merger struct {
	out []Effect
	pos []token.Pos
	at  map[uint64][]int // by hashEffect: indices in out
	// trimmed holds the locks add keeps of an effect with too many:
	// most effects merge with one found before, so only a kept one
	// gets a list of its own.
	trimmed []Lock
}

// add adds e, found at pos, and returns it as kept when it is the first
// of its kind; nil when it merged with one found before.
func (m *merger) add(e Effect, pos token.Pos) *Effect {
	trimmed := len(e.Locks) > maxLocks
	if trimmed {
		// Keep the locks that guard first: a wrapped or path lock
		// (pathLocks: taken on some paths of a callee) only silences,
		// and four of those from an imported library pushed out the
		// receiver's lock every caller of temporal's scheduleRefresh
		// holds.
		m.trimmed = guardingFirst(m.trimmed[:0], e.Locks)
		e.Locks = m.trimmed
	}
	h := hashEffect(&e)
	if i, ok := same(m.out, m.at[h], &e); ok {
		x := &m.out[i]
		x.May = x.May && e.May
		x.Once = x.Once && e.Once
		x.Waited = x.Waited && e.Waited
		x.Watched = x.Watched && e.Watched
		x.Select = x.Select && e.Select
		x.Awaited = x.Awaited || e.Awaited
		return nil
	}
	if m.at == nil {
		m.at = map[uint64][]int{}
	}
	m.at[h] = append(m.at[h], len(m.out))
	if trimmed {
		e.Locks = slices.Clone(e.Locks)
	}
	m.out, m.pos = append(m.out, e), append(m.pos, pos)
	return &m.out[len(m.out)-1]
}

// guardingFirst appends to out the first maxLocks of locks, those that
// guard (not wrapped) before the others, each group in its order.
func guardingFirst(out, locks []Lock) []Lock {
	for _, wrapped := range []bool{false, true} {
		for _, l := range locks {
			if len(out) == maxLocks {
				return out
			}
			if l.Wrapped == wrapped {
				out = append(out, l)
			}
		}
	}
	return out
}

// done sorts the effects and keeps at most maxEffects, in lists of
// their own (the summary outlives the merger).
func (m *merger) done() ([]Effect, []token.Pos) {
	if len(m.out) == 0 {
		return nil, nil
	}
	sortEffects(m.out, m.pos)
	n := min(len(m.out), maxEffects)
	return slices.Clone(m.out[:n]), slices.Clone(m.pos[:n])
}

// same returns the index, among candidates, of the effect in list that
// is e's.
func same(list []Effect, candidates []int, e *Effect) (int, bool) {
	for _, i := range candidates {
		if sameEffect(&list[i], e) {
			return i, true
		}
	}
	return 0, false
}

// worthIt is a cheap syntactic check that keeps SSA from being built
// for effects nobody will look at: the package calls a function with an
// imported summary, operates on channels or starts goroutines, or
// imports sync and operates on maps. A map helper in a package that
// knows nothing of concurrency is not followed from other packages:
// building the SSA of every such dependency under go vet cost more
// than it found.
func worthIt(pass *analysis.Pass) bool {
	for _, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg() != pass.Pkg &&
			pass.ImportObjectFact(fn.Origin(), new(Summary)) {
			return true
		}
	}
	sync := false
	for _, imp := range pass.Pkg.Imports() {
		sync = sync || imp.Path() == "sync"
	}
	concurrent, maps := false, false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SendStmt, *ast.GoStmt, *ast.SelectStmt:
				concurrent = true
			case *ast.UnaryExpr:
				concurrent = concurrent || n.Op == token.ARROW
			case *ast.IndexExpr:
				maps = maps || isMap(pass.TypesInfo.TypeOf(n.X))
			case *ast.RangeStmt:
				if t := pass.TypesInfo.TypeOf(n.X); t != nil {
					_, isChan := t.Underlying().(*types.Chan)
					concurrent = concurrent || isChan
					maps = maps || isMap(t)
				}
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
					if b, ok := pass.TypesInfo.Uses[id].(*types.Builtin); ok {
						concurrent = concurrent || b.Name() == "close"
						maps = maps || b.Name() == "delete" || b.Name() == "clear"
					}
				}
			}
			return !concurrent
		})
		if concurrent || (sync && maps) {
			return true
		}
	}
	return false
}

// declared returns the package-level function or method fn declares.
func declared(pass *analysis.Pass, fn *ssa.Function) *types.Func {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() != pass.Pkg || fn.Synthetic != "" || fn.Parent() != nil {
		return nil
	}
	return obj
}

// Unspill names storage reached through a parameter that a closure
// captures (go/ssa spills such a parameter to a variable: t0 = new *T
// (p); *t0 = p) by the parameter itself, as the function's callers
// name it.
func Unspill(ref access.Ref) access.Ref {
	alloc, ok := ref.Path.Value().(*ssa.Alloc)
	if !ok || ref.Path.Root.Kind != access.Alloc {
		return ref
	}
	rest, ok := ref.Path.FirstLoad()
	if !ok {
		return ref
	}
	p := spilledParam(alloc)
	if p == nil {
		return ref
	}
	base, ok := access.PathOf(p)
	if !ok {
		return ref
	}
	q, ok := base.Extend(rest)
	if !ok {
		return ref
	}
	return q.Ref(ref.Class, ref.ClassName)
}

// spilledParam returns the parameter a variable holds when it is the
// only value ever stored in it.
func spilledParam(a *ssa.Alloc) *ssa.Parameter {
	var param *ssa.Parameter
	for _, u := range *a.Referrers() {
		st, ok := u.(*ssa.Store)
		if !ok || st.Addr != a {
			continue
		}
		p, ok := st.Val.(*ssa.Parameter)
		if !ok || param != nil {
			return nil
		}
		param = p
	}
	return param
}
