package hb

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// handedDepth bounds how many callers up Handed follows a value to the
// function that made it; handedBudget bounds the values it looks at for
// one question.
const handedDepth, handedBudget = 4, 400

// Handed follows contexts handed down to run loops. A loop that leaves
// on ctx.Done() of a context it was handed (a parameter of its
// function, or a field stored from a constructor's parameter) runs
// until the context its starter's caller chain made ends:
//
//	func NewServer(ctx context.Context) *Server { s := ...; go s.loop(ctx); return s }
//	func (s *Server) loop(ctx context.Context) { for { select { case <-s.reqs: case <-ctx.Done(): return } } }
//
//	ctx, cancel := context.WithCancel(context.Background())
//	defer cancel()
//	s := NewServer(ctx)
//	s.reqs <- r // the loop still runs: only the deferred cancel ends it
//
// Carriers names the functions whose arguments become such a loop's
// context; LiveAt says whether the object an operation names was built
// by such calls, in the operation's function or in one above it on the
// same goroutine, from contexts made there that nothing ends before the
// operation.
type Handed struct {
	fset *token.FileSet
	// sites holds the calls of each function made on the caller's
	// goroutine or started by it (the function itself or a closure of
	// it as the callee); escaped holds the functions used otherwise
	// (a value stored, passed, or a method an interface may call).
	sites   map[*ssa.Function][]ssa.CallInstruction
	escaped map[*ssa.Function]bool
	// bound holds the methods and functions used through a synthetic
	// wrapper (a method value, a method expression).
	bound map[types.Object]bool
	// stored holds the stores to each context field or variable.
	stored  map[string][]*ssa.Store
	invoked map[string]bool // method names called through an interface
	funcs   []*ssa.Function
	// carriers caches Carriers by the Done call asked about.
	carriers map[ssa.Value]Carriers
}

// NewHanded indexes the calls of funcs and the contexts they store.
func NewHanded(fset *token.FileSet, funcs []*ssa.Function) *Handed {
	h := &Handed{fset: fset, sites: map[*ssa.Function][]ssa.CallInstruction{}, escaped: map[*ssa.Function]bool{},
		bound: map[types.Object]bool{}, stored: map[string][]*ssa.Store{}, invoked: map[string]bool{}, funcs: funcs,
		carriers: map[ssa.Value]Carriers{}}
	for _, fn := range funcs {
		if fn.Pos().IsValid() && fn.Object() != nil && fn.Object().Exported() {
			h.escaped[fn] = true // other packages may call it
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				h.indexInstr(instr)
			}
		}
	}
	return h
}

func (h *Handed) indexInstr(instr ssa.Instruction) {
	switch x := instr.(type) {
	case *ssa.Store:
		if class, ok := storedClass(h.fset, x); ok && ssautil.IsContext(x.Val.Type()) {
			h.stored[class] = append(h.stored[class], x)
		}
	case *ssa.DebugRef:
		return
	case *ssa.MakeClosure:
		if fn, ok := x.Fn.(*ssa.Function); ok && fn.Synthetic != "" && fn.Object() != nil {
			h.bound[fn.Object()] = true
		}
	}
	var callee ssa.Value
	if call, ok := instr.(ssa.CallInstruction); ok {
		if call.Common().IsInvoke() {
			h.invoked[call.Common().Method.Name()] = true
		} else {
			callee = call.Common().Value
			if fn := closureFunc(callee); fn != nil {
				h.sites[fn] = append(h.sites[fn], call)
			}
		}
	}
	for _, op := range instr.Operands(nil) {
		if *op == nil || *op == callee {
			continue
		}
		if fn, ok := (*op).(*ssa.Function); ok {
			if _, isClosure := instr.(*ssa.MakeClosure); !isClosure || op != &instr.(*ssa.MakeClosure).Fn {
				h.escaped[fn] = true
			}
		}
		if mc, ok := (*op).(*ssa.MakeClosure); ok {
			if fn := closureFunc(mc); fn != nil {
				h.escaped[fn] = true
			}
		}
	}
}

// closureFunc returns the function v calls: a function, or a closure
// of one.
func closureFunc(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn
	}
	return nil
}

// Carriers maps functions to the parameters whose argument becomes a
// run loop's context.
type Carriers map[*ssa.Function]map[int]bool

// Carriers returns, for done, the ctx.Done() a loop leaves on, the
// functions whose parameters hand the loop its context, when every
// context that reaches the loop is handed in so (or never ends: a
// context.Background()).
func (h *Handed) Carriers(done ssa.Value) (Carriers, bool) {
	call, ok := done.(*ssa.Call)
	if !ok || !call.Call.IsInvoke() || call.Call.Method.Name() != "Done" || !ssautil.IsContext(call.Call.Value.Type()) {
		return nil, false
	}
	if c, ok := h.carriers[done]; ok {
		return c, c != nil
	}
	out := Carriers{}
	if !h.entry(call.Call.Value, call.Parent(), out, handedDepth) || len(out) == 0 {
		out = nil
	} else {
		h.spread(out)
	}
	h.carriers[done] = out
	return out, out != nil
}

// entry adds to out the parameter that v, a context in fn, is handed in
// by: fn's own, the one a closure was bound to, or a constructor's that
// stored it in a field of the object it made.
func (h *Handed) entry(v ssa.Value, fn *ssa.Function, out Carriers, depth int) bool {
	if depth < 0 {
		return false
	}
	switch v := cellValue(v).(type) {
	case *ssa.Parameter:
		i := slices.Index(fn.Params, v)
		if i < 0 {
			return false
		}
		if out[fn] == nil {
			out[fn] = map[int]bool{}
		}
		out[fn][i] = true
		return true
	case *ssa.FreeVar:
		bound := h.bindings(fn, v)
		for _, b := range bound {
			if !h.entry(b, b.Parent(), out, depth-1) {
				return false
			}
		}
		return len(bound) > 0
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return false
		}
		ref, ok := access.RefOf(h.fset, v.X)
		stored := h.stored[ref.Class]
		if !ok || ref.Class == "" || len(stored) == 0 {
			return false
		}
		for _, st := range stored {
			if !madeHere(st) || !h.entry(st.Val, st.Parent(), out, depth-1) {
				return false
			}
		}
		return true
	case *ssa.Call:
		return neverEnds(&v.Call)
	}
	return false
}

// madeHere reports whether st stores in a field of an object its own
// function allocates: a constructor filling in what it makes, not a
// setter changing a live object's context.
func madeHere(st *ssa.Store) bool {
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	a, ok := fa.X.(*ssa.Alloc)
	return ok && a.Parent() == st.Parent()
}

// neverEnds reports whether call makes a context nothing ends.
func neverEnds(call *ssa.CallCommon) bool {
	switch ssautil.CalleeName(call) {
	case "context.Background", "context.TODO":
		return true
	}
	return false
}

// cellValue returns the value a load of a variable's cell reads when
// one value is all the cell ever holds (a captured ctx or cancel), else
// v.
func cellValue(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	if w := access.CellValue(load.X); w != nil {
		return w
	}
	return v
}

// bindings returns the values bound to free variable fv of closure fn
// where it is made.
func (h *Handed) bindings(fn *ssa.Function, fv *ssa.FreeVar) []ssa.Value {
	i := -1
	for j, f := range fn.FreeVars {
		if f == fv {
			i = j
		}
	}
	var out []ssa.Value
	for _, f := range h.funcs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && i >= 0 && i < len(mc.Bindings) {
					out = append(out, mc.Bindings[i])
				}
			}
		}
	}
	return out
}

// spread adds the functions that pass a parameter of theirs straight
// to a carrier's parameter (getServer(ctx) calling NewServer(ctx)).
func (h *Handed) spread(c Carriers) {
	for changed := true; changed; {
		changed = false
		for _, fn := range h.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					for i := range c.params(call) {
						p, ok := cellValue(call.Common().Args[i]).(*ssa.Parameter)
						if j := slices.Index(fn.Params, p); ok && j >= 0 && !c[fn][j] {
							if c[fn] == nil {
								c[fn] = map[int]bool{}
							}
							c[fn][j] = true
							changed = true
						}
					}
				}
			}
		}
	}
}

// params returns the arguments of call that become a loop's context.
func (c Carriers) params(call ssa.CallInstruction) map[int]bool {
	if call.Common().IsInvoke() {
		return nil
	}
	fn := closureFunc(call.Common().Value)
	if fn == nil {
		return nil
	}
	return c[fn]
}

// LiveAt reports whether the loop whose context c carries still runs at
// instr: v, a value instr's function uses there (the channel operated
// on), is only reached from objects built by carrier calls, in instr's
// function or in one that calls it on its goroutine, whose contexts
// were made there and are ended (cancelled) only after instr on every
// path, by no one else. A context that a caller of that function hands
// in, that a deadline or a parent ends, or whose cancel is passed on,
// may have ended already.
func (h *Handed) LiveAt(c Carriers, v ssa.Value, instr ssa.Instruction) bool {
	budget := handedBudget
	return h.builtLive(c, v, instr, handedDepth, &budget)
}

// builtLive reports whether v, in at's function, is reached only from
// objects built by carrier calls on contexts live at at.
func (h *Handed) builtLive(c Carriers, v ssa.Value, at ssa.Instruction, depth int, budget *int) bool {
	bases, ok := builtFrom(v, budget)
	if !ok || len(bases) == 0 {
		return false
	}
	for _, base := range bases {
		switch base := base.(type) {
		case *ssa.Parameter, *ssa.FreeVar:
			if !h.fromCallers(base, at, depth, budget, func(arg ssa.Value, site ssa.Instruction, depth int) bool {
				return h.builtLive(c, arg, site, depth, budget)
			}) {
				return false
			}
		case *ssa.Call:
			params := c.params(base)
			if len(params) == 0 {
				return false
			}
			for i := range params {
				if i >= len(base.Call.Args) || !h.liveCtx(base.Call.Args[i], at, depth, budget) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// fromCallers asks ok of the value each caller binds to v, a parameter
// or free variable of at's function, at the call; the function must be
// called only so, on its caller's goroutine.
func (h *Handed) fromCallers(v ssa.Value, at ssa.Instruction, depth int, budget *int, ok func(arg ssa.Value, site ssa.Instruction, depth int) bool) bool {
	fn := at.Parent()
	if depth == 0 || h.escaped[fn] || fn.Object() != nil && h.bound[fn.Object()] || h.invoked[fn.Name()] && fn.Signature.Recv() != nil {
		return false
	}
	sites := h.sites[fn]
	if len(sites) == 0 {
		return false
	}
	for _, site := range sites {
		call, isCall := site.(*ssa.Call)
		if !isCall {
			return false // started on another goroutine, or deferred
		}
		var arg ssa.Value
		switch v := v.(type) {
		case *ssa.Parameter:
			i := slices.Index(fn.Params, v)
			if i < 0 || i >= len(call.Call.Args) {
				return false
			}
			arg = call.Call.Args[i]
		case *ssa.FreeVar:
			mc, isClosure := call.Call.Value.(*ssa.MakeClosure)
			i := slices.Index(fn.FreeVars, v)
			if !isClosure || i < 0 || i >= len(mc.Bindings) {
				return false
			}
			arg = mc.Bindings[i]
		}
		if *budget--; *budget < 0 || !ok(arg, call, depth-1) {
			return false
		}
	}
	return true
}

// builtFrom returns the values v is reached from, in its function: the
// calls that built it and the parameters and free variables it came in
// by, through loads, fields, elements, conversions, appends and the
// variables that hold them.
func builtFrom(v ssa.Value, budget *int) ([]ssa.Value, bool) {
	var out []ssa.Value
	seen := map[ssa.Value]bool{}
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		seen[v] = true
		if *budget--; *budget < 0 {
			return nil, false
		}
		switch x := v.(type) {
		case *ssa.Parameter:
			out = append(out, x)
		case *ssa.FreeVar:
			out = append(out, x) // the cell a closure was bound to
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil, false
			}
			work = append(work, x.X)
		case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Field, *ssa.Index, *ssa.Slice, *ssa.TypeAssert, *ssa.ChangeType, *ssa.MakeInterface:
			work = append(work, *x.(ssa.Instruction).Operands(nil)[0]) // X, the value it is taken from
		case *ssa.Extract:
			work = append(work, x.Tuple)
		case *ssa.Phi:
			work = append(work, x.Edges...)
		case *ssa.Alloc, *ssa.MakeSlice:
			stored, ok := storedIn(x)
			if !ok {
				return nil, false
			}
			work = append(work, stored...)
		case *ssa.Call:
			if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
				work = append(work, x.Call.Args...)
				continue
			}
			out = append(out, x)
		default:
			return nil, false
		}
	}
	return out, true
}

// storedIn returns the values stored in a, a variable, a composite
// literal or a made slice, and in its fields and elements, when only
// its function writes it (closures bound to it may read it).
func storedIn(a ssa.Value) ([]ssa.Value, bool) {
	var out []ssa.Value
	for _, r := range *a.Referrers() {
		switch x := r.(type) {
		case *ssa.Store:
			if x.Addr == a {
				out = append(out, x.Val)
			}
		case *ssa.Slice:
			stored, ok := storedIn(x) // the elements, written through a slice of it
			if !ok {
				return nil, false
			}
			out = append(out, stored...)
		case *ssa.FieldAddr, *ssa.IndexAddr:
			stored, ok := storedAt(x.(ssa.Value))
			if !ok {
				return nil, false
			}
			out = append(out, stored...)
		case *ssa.UnOp:
			// A variable holding a slice: its elements are written
			// through what is loaded from it.
			for _, rr := range *x.Referrers() {
				if ia, ok := rr.(*ssa.IndexAddr); ok {
					stored, ok := storedAt(ia)
					if !ok {
						return nil, false
					}
					out = append(out, stored...)
				}
			}
		case *ssa.MakeClosure:
			if !access.OnlyLoaded(x, a) {
				return nil, false
			}
		}
	}
	return out, true
}

// storedAt returns the values stored at addr, the address of a field or
// an element.
func storedAt(addr ssa.Value) ([]ssa.Value, bool) {
	var out []ssa.Value
	for _, r := range *addr.Referrers() {
		if st, ok := r.(*ssa.Store); ok {
			if st.Addr != addr {
				return nil, false // the address itself is stored
			}
			out = append(out, st.Val)
		}
	}
	return out, true
}

// liveCtx reports whether context v, in at's function, cannot have
// ended at at: it never ends (context.Background()), or it is made by
// context.WithCancel of such a context, here or in a caller above on
// the same goroutine, and its cancel is only deferred or called after
// at on every path.
func (h *Handed) liveCtx(v ssa.Value, at ssa.Instruction, depth int, budget *int) bool {
	if *budget--; *budget < 0 {
		return false
	}
	v = cellValue(v)
	switch v := v.(type) {
	case *ssa.Call:
		return neverEnds(&v.Call)
	case *ssa.Extract:
		call, ok := v.Tuple.(*ssa.Call)
		if !ok || v.Index != 0 || len(call.Call.Args) == 0 {
			return false
		}
		switch ssautil.CalleeName(&call.Call) {
		case "context.WithCancel", "context.WithCancelCause":
		default:
			return false
		}
		return h.liveCtx(call.Call.Args[0], at, depth, budget) && cancelsAfter(call, at)
	case *ssa.Parameter, *ssa.FreeVar:
		return h.fromCallers(v, at, depth, budget, func(arg ssa.Value, site ssa.Instruction, depth int) bool {
			return h.liveCtx(arg, site, depth, budget)
		})
	}
	return false
}

// cancelsAfter reports whether the cancel call's result pair holds is
// called only deferred or after at on every path, by at's function
// alone (directly or in closures it defers or calls after at).
func cancelsAfter(call *ssa.Call, at ssa.Instruction) bool {
	for _, r := range *call.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == 1 && !calledAfter(ex, at, 0) {
			return false
		}
	}
	return true
}

// calledAfter reports whether f, a function value in at's function (or
// in a closure it makes), is only called deferred or after at.
func calledAfter(f ssa.Value, at ssa.Instruction, depth int) bool {
	if depth > 3 {
		return false
	}
	for _, r := range *f.Referrers() {
		switch x := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Defer:
			if x.Call.Value != f || passes(&x.Call, f) {
				return false
			}
		case *ssa.Call:
			if x.Call.Value != f || passes(&x.Call, f) {
				return false
			}
			if x.Parent() == at.Parent() && (ssa.Instruction(x) == at || Reaches(x, at)) {
				return false // the loop may leave before at
			}
		case *ssa.Store:
			cell, ok := x.Addr.(*ssa.Alloc)
			if !ok || x.Val != f || !cellCalledAfter(cell, at, depth) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// cellCalledAfter reports whether the function kept in cell, its only
// value, is only called deferred or after at, where it is loaded.
func cellCalledAfter(cell *ssa.Alloc, at ssa.Instruction, depth int) bool {
	if access.CellValue(cell) == nil {
		return false // reassigned, or its address escapes
	}
	for _, r := range *cell.Referrers() {
		switch x := r.(type) {
		case *ssa.UnOp:
			if !calledAfter(x, at, depth+1) {
				return false
			}
		case *ssa.MakeClosure:
			// A closure that calls it: the closure must itself be
			// called only deferred or after at.
			if !closureOnlyCalls(x, cell) || !calledAfter(x, at, depth+1) {
				return false
			}
		}
	}
	return true
}

// closureOnlyCalls reports whether the closure mc makes only calls the
// function in cell where it loads it.
func closureOnlyCalls(mc *ssa.MakeClosure, cell *ssa.Alloc) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for i, b := range mc.Bindings {
		if b != cell || i >= len(fn.FreeVars) {
			continue
		}
		for _, r := range *fn.FreeVars[i].Referrers() {
			load, ok := r.(*ssa.UnOp)
			if !ok {
				continue // DebugRef; OnlyLoaded ruled the rest out
			}
			for _, use := range *load.Referrers() {
				call, ok := use.(*ssa.Call)
				if _, dbg := use.(*ssa.DebugRef); dbg {
					continue
				}
				if !ok || call.Call.Value != load || passes(&call.Call, load) {
					return false
				}
			}
		}
	}
	return true
}

// passes reports whether call passes v as an argument.
func passes(call *ssa.CallCommon, v ssa.Value) bool {
	for _, a := range call.Args {
		if a == v {
			return true
		}
	}
	return false
}
