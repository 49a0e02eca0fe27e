package locks

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Roles of objects. Many types give each object a kind for life: a
// connection is a client, a route, a gateway or a leaf (nats' client
// and its kind field). Such a field is set only where the object is
// made, to a constant, and code branches on it. Two locks of one class
// are one lock only in objects of one kind: an order taken on gateway
// connections and the reverse order taken on a leaf connection close
// no cycle. An edge records, for each end, the kinds its object can
// have (Edge.FromRoles, ToRoles); cycles whose consecutive edges meet
// on objects of disjoint kinds are impossible (RolesMeet).
//
// An object's kinds come from where it was made (the constants stored
// in its kind field), from a comparison of its kind field with a
// constant that decides the code's path, from the callers of the
// function it is a parameter of (every call being seen: the function
// is unexported and never used as a value), or from every value stored
// into the map field it was read from. Anything else knows nothing.

// maxRoleDepth bounds how many callers deep a parameter's kinds are
// sought.
const maxRoleDepth = 8

// role maps a kind field ("(pkg.T).kind") to the constants it may hold;
// a field absent is unknown.
type role map[string][]string

// roles answers role questions for one package.
type roles struct {
	fset    *token.FileSet
	flows   map[*ssa.Function]*FuncFlow
	fields  map[*types.Var]bool // kind fields
	calls   map[*ssa.Function][]ssa.CallInstruction
	taken   map[types.Object]bool // functions used as values
	takenFn map[*ssa.Function]bool
	invoked map[string]bool // method names called through interfaces
	maps    map[*types.Var][]mapStore
	base    map[ssa.Value]role
	busy    map[ssa.Value]bool
	passed  map[mapParamKey]bool // maps followed into callees
}

// mapParamKey is a parameter a field's maps are passed to.
type mapParamKey struct {
	f *types.Var
	p *ssa.Parameter
}

// mapStore is a value stored into a map held in a field, and where.
type mapStore struct {
	value ssa.Value
	at    ssa.Instruction
}

// newRoles indexes the kind fields, static calls and map stores of the
// package's production code. Production reports rest on production
// code (see Edge.Test): a test that sets a connection's kind by hand
// or calls a function with an object of another kind orders nothing
// in production.
func newRoles(fset *token.FileSet, funcs []*ssa.Function, flows map[*ssa.Function]*FuncFlow) *roles {
	r := &roles{fset: fset, flows: flows, fields: map[*types.Var]bool{}, calls: map[*ssa.Function][]ssa.CallInstruction{}, taken: map[types.Object]bool{}, takenFn: map[*ssa.Function]bool{},
		invoked: map[string]bool{}, maps: map[*types.Var][]mapStore{}, base: map[ssa.Value]role{}, busy: map[ssa.Value]bool{}, passed: map[mapParamKey]bool{}}
	var all []*ssa.Function
	if len(funcs) > 0 && funcs[0].Pkg != nil {
		// Package variables' initialisers may take functions as values.
		if init := funcs[0].Pkg.Func("init"); init != nil {
			funcs = append(slices.Clone(funcs), init)
		}
	}
	for _, fn := range funcs {
		if !IsTestFile(fset, fn.Pos()) {
			all = append(all, fn)
			all = append(all, fn.AnonFuncs...)
		}
	}
	spoiled := map[*types.Var]bool{} // written other than where made
	escaped := map[*types.Var]bool{} // maps written other than by m[k] = v
	for _, fn := range all {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				r.indexInstr(instr, spoiled, escaped)
			}
		}
	}
	for f := range r.fields {
		if spoiled[f] {
			delete(r.fields, f)
		}
	}
	for f := range escaped {
		r.maps[f] = []mapStore{{}} // unknown
	}
	return r
}

func (r *roles) indexInstr(instr ssa.Instruction, spoiled, escaped map[*types.Var]bool) {
	if c, ok := instr.(ssa.CallInstruction); ok {
		cc := c.Common()
		if callee := cc.StaticCallee(); callee != nil {
			r.calls[callee] = append(r.calls[callee], c)
		}
		if cc.IsInvoke() {
			r.invoked[cc.Method.Name()] = true
		}
	}
	for i, op := range instr.Operands(nil) {
		if op == nil {
			continue
		}
		if f, ok := (*op).(*ssa.Function); ok {
			if c, isCall := instr.(ssa.CallInstruction); isCall && i == 0 && c.Common().Value == f {
				continue // the function called
			}
			if obj := f.Object(); obj != nil {
				r.taken[obj] = true
			}
			if _, made := instr.(*ssa.MakeClosure); !made {
				r.takenFn[f] = true
			}
		}
	}
	switch instr := instr.(type) {
	case *ssa.Store:
		if _, fresh := instr.Addr.(*ssa.Alloc); !fresh {
			// A whole struct stored over an object rewrites its kind.
			if st, ok := types.Unalias(instr.Val.Type()).Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					spoiled[st.Field(i)] = true
				}
			}
		}
	case *ssa.FieldAddr:
		r.indexKindField(instr, spoiled)
		r.indexMapField(instr, fieldOf(instr), escaped)
	case *ssa.Field:
		r.indexMapField(instr, valueFieldOf(instr), escaped)
	}
}

// indexKindField records a kind field's address, and spoils the field
// when it is written other than by a store into an object made in the
// same function, or its address is taken.
func (r *roles) indexKindField(fa *ssa.FieldAddr, spoiled map[*types.Var]bool) {
	f := fieldOf(fa)
	if !kindField(f) {
		return
	}
	for _, ref := range *fa.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			r.fields[f] = true
			if _, fresh := fa.X.(*ssa.Alloc); !fresh || ref.Addr != fa {
				spoiled[f] = true
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				spoiled[f] = true
			}
		case *ssa.DebugRef:
		default:
			spoiled[f] = true // &x.kind handed on
		}
	}
}

// indexMapField records the values stored into the maps a map field
// holds (v is the field's address or, for a struct value, the field
// itself), and marks the field escaped when its maps may be written
// otherwise: by another package, through a copy, in a literal.
func (r *roles) indexMapField(v ssa.Value, f *types.Var, escaped map[*types.Var]bool) {
	if f == nil {
		return
	}
	if _, ok := types.Unalias(f.Type()).Underlying().(*types.Map); !ok {
		return
	}
	if f.Exported() {
		escaped[f] = true
	}
	if _, isValue := v.(*ssa.Field); isValue {
		r.mapUses(f, v, escaped)
		return
	}
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != v || !emptyMap(ref.Val) {
				escaped[f] = true
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				escaped[f] = true
				continue
			}
			r.mapUses(f, ref, escaped)
		case *ssa.DebugRef:
		default:
			escaped[f] = true
		}
	}
}

// mapUses records the uses of map m, read from field f.
func (r *roles) mapUses(f *types.Var, m ssa.Value, escaped map[*types.Var]bool) {
	for _, use := range *m.Referrers() {
		if !r.mapUse(f, m, use) {
			escaped[f] = true
		}
	}
}

// emptyMap reports whether v is nil or a new map that nothing but
// stores into fields holds.
func emptyMap(v ssa.Value) bool {
	if isNil(v) {
		return true
	}
	mm, ok := v.(*ssa.MakeMap)
	if !ok {
		return false
	}
	for _, ref := range *mm.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Val != mm {
				return false
			}
			if _, ok := ref.Addr.(*ssa.FieldAddr); !ok {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// mapUse records a use of map m loaded from field f, and reports
// whether it leaves the map's values known.
func (r *roles) mapUse(f *types.Var, m ssa.Value, use ssa.Instruction) bool {
	switch use := use.(type) {
	case *ssa.MapUpdate:
		if use.Map == m {
			r.maps[f] = append(r.maps[f], mapStore{use.Value, use})
		}
		return use.Map == m
	case *ssa.Lookup, *ssa.Range, *ssa.DebugRef:
		return true
	case *ssa.Call:
		if b, ok := use.Call.Value.(*ssa.Builtin); ok {
			return b.Name() == "len" || b.Name() == "delete"
		}
		return r.mapPassed(f, m, use)
	}
	return false
}

// mapPassed follows map m, read from field f, into the function a call
// hands it to: there too it may only be read or written by m[k] = v.
func (r *roles) mapPassed(f *types.Var, m ssa.Value, call *ssa.Call) bool {
	fn := call.Call.StaticCallee()
	if fn == nil || len(fn.Blocks) == 0 || len(fn.Params) != len(call.Call.Args) {
		return false
	}
	for i, arg := range call.Call.Args {
		if arg != m {
			continue
		}
		p := fn.Params[i]
		if r.passed[mapParamKey{f, p}] {
			continue
		}
		r.passed[mapParamKey{f, p}] = true
		for _, use := range *p.Referrers() {
			if !r.mapUse(f, p, use) {
				return false
			}
		}
	}
	return true
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}

// valueFieldOf returns the field a struct value's field read names.
func valueFieldOf(f *ssa.Field) *types.Var {
	st, ok := types.Unalias(f.X.Type()).Underlying().(*types.Struct)
	if !ok || f.Field >= st.NumFields() {
		return nil
	}
	return st.Field(f.Field)
}

func fieldOf(fa *ssa.FieldAddr) *types.Var {
	ptr, ok := types.Unalias(fa.X.Type()).Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := types.Unalias(ptr.Elem()).Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil
	}
	return st.Field(fa.Field)
}

// kindField reports whether f can be a kind field: unexported (no other
// package writes it), of an integer or string type.
func kindField(f *types.Var) bool {
	if f == nil || f.Exported() || f.Embedded() {
		return false
	}
	b, ok := types.Unalias(f.Type()).Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsInteger|types.IsString) != 0
}

// of returns the kinds of the object v points to, as the code at
// instruction at knows them.
func (r *roles) of(v ssa.Value, at ssa.Instruction, depth int, cx *callCtx) role {
	if v == nil || len(r.fields) == 0 {
		return nil
	}
	base := r.baseOf(v, depth, cx)
	guards := r.guards(v, at, cx)
	if len(guards) == 0 {
		return base
	}
	out := role{}
	for f, cs := range base {
		out[f] = cs
	}
	for f, cs := range guards {
		if known, ok := out[f]; ok {
			cs = slices.DeleteFunc(slices.Clone(cs), func(c string) bool { return !slices.Contains(known, c) })
		}
		out[f] = cs
	}
	return out
}

// guards returns the kinds that comparisons deciding the path to at
// give v: `if v.kind == K` on the way in.
func (r *roles) guards(v ssa.Value, at ssa.Instruction, cx *callCtx) role {
	if at == nil || at.Block() == nil {
		return nil
	}
	var out role
	for d := at.Block(); d != nil; d = d.Idom() {
		if len(d.Preds) != 1 || len(d.Preds[0].Instrs) == 0 {
			continue
		}
		pred := d.Preds[0]
		ifi, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
		if !ok || pred.Succs[0] == pred.Succs[1] {
			continue
		}
		f, c, eq, ok := r.kindTest(v, ifi.Cond, cx)
		if !ok || eq != (d == pred.Succs[0]) {
			continue
		}
		if out == nil {
			out = role{}
		}
		if _, seen := out[f]; !seen {
			out[f] = []string{c} // the innermost test is the one that holds
		}
	}
	return out
}

// kindTest recognises cond as v.f == K (eq) or v.f != K for a kind
// field f and a constant K.
func (r *roles) kindTest(v ssa.Value, cond ssa.Value, cx *callCtx) (field, value string, eq bool, ok bool) {
	bin, isBin := cond.(*ssa.BinOp)
	if !isBin || bin.Op != token.EQL && bin.Op != token.NEQ {
		return "", "", false, false
	}
	x, k := bin.X, bin.Y
	if _, isConst := x.(*ssa.Const); isConst {
		x, k = k, x
	}
	if _, isLoad := k.(*ssa.UnOp); isLoad {
		x, k = k, x
	}
	load, isLoad := x.(*ssa.UnOp)
	if !isLoad || load.Op != token.MUL {
		return "", "", false, false
	}
	cs := r.constsOf(k, 0, cx)
	if len(cs) != 1 {
		return "", "", false, false
	}
	fa, isFA := load.X.(*ssa.FieldAddr)
	if !isFA || fa.X != v {
		return "", "", false, false
	}
	f := fieldOf(fa)
	if !r.fields[f] {
		return "", "", false, false
	}
	return fieldKey(f), cs[0], bin.Op == token.EQL, true
}

func fieldKey(f *types.Var) string {
	if f.Pkg() == nil {
		return f.Name()
	}
	return f.Pkg().Path() + "." + f.Name()
}

// baseOf returns what v's origin says of its kinds, remembered.
func (r *roles) baseOf(v ssa.Value, depth int, cx *callCtx) role {
	if cx != nil {
		if depth > maxRoleDepth {
			return nil
		}
		return r.origin(v, depth, cx) // depends on the call: not remembered
	}
	if out, ok := r.base[v]; ok {
		return out
	}
	if r.busy[v] || depth > maxRoleDepth {
		return nil
	}
	r.busy[v] = true
	out := r.origin(v, depth, nil)
	delete(r.busy, v)
	if depth == 0 || out != nil {
		r.base[v] = out
	}
	return out
}

func (r *roles) origin(v ssa.Value, depth int, cx *callCtx) role {
	switch v := v.(type) {
	case *ssa.Alloc:
		return r.made(v)
	case *ssa.Parameter:
		return r.fromCallers(v, depth, cx)
	case *ssa.Extract:
		if next, ok := v.Tuple.(*ssa.Next); ok && v.Index == 2 && !next.IsString {
			if rng, ok := next.Iter.(*ssa.Range); ok {
				return r.mapValues(rng.X, depth, cx)
			}
		}
		if l, ok := v.Tuple.(*ssa.Lookup); ok && v.Index == 0 {
			return r.mapValues(l.X, depth, cx)
		}
	case *ssa.Lookup:
		return r.mapValues(v.X, depth, cx)
	}
	return nil
}

// made returns the kinds stored into a new object where it is made:
// its kind fields hold the constants stored there, or their zero value.
func (r *roles) made(a *ssa.Alloc) role {
	ptr, ok := types.Unalias(a.Type()).Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := types.Unalias(ptr.Elem()).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	out := role{}
	for i := range st.NumFields() {
		if f := st.Field(i); r.fields[f] {
			out[fieldKey(f)] = []string{zeroOf(f.Type())}
		}
	}
	if len(out) == 0 {
		return nil
	}
	for _, ref := range *a.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == a {
			return nil // a copy of another object: its kinds
		}
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok || !r.fields[fieldOf(fa)] {
			continue
		}
		key := fieldKey(fieldOf(fa))
		var vals []string
		for _, use := range *fa.Referrers() {
			if st, ok := use.(*ssa.Store); ok && st.Addr == fa {
				c, ok := st.Val.(*ssa.Const)
				if !ok || c.Value == nil {
					vals = nil
					delete(out, key) // not a constant: unknown
					break
				}
				vals = append(vals, c.Value.ExactString())
			}
		}
		if _, known := out[key]; known && len(vals) > 0 {
			out[key] = vals
		}
	}
	return out
}

func zeroOf(t types.Type) string {
	if b, ok := types.Unalias(t).Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		return constant.MakeString("").ExactString()
	}
	return constant.MakeInt64(0).ExactString()
}

// fromCallers joins the kinds every caller passes for parameter p,
// when every call of its function is seen.
func (r *roles) fromCallers(p *ssa.Parameter, depth int, cx *callCtx) role {
	return r.joinArgs(p, cx, func(arg ssa.Value, call ssa.CallInstruction, outer *callCtx) role {
		return r.of(arg, call, depth+1, outer)
	})
}

// joinArgs joins what each argument passed for p says (see eachArg).
func (r *roles) joinArgs(p *ssa.Parameter, cx *callCtx, of func(arg ssa.Value, call ssa.CallInstruction, outer *callCtx) role) role {
	var out role
	n := 0
	ok := r.eachArg(p, cx, func(arg ssa.Value, call ssa.CallInstruction, outer *callCtx) bool {
		got := of(arg, call, outer)
		if n == 0 {
			out = got
		} else {
			out = join(out, got)
		}
		n++
		return len(out) > 0
	})
	if !ok {
		return nil
	}
	return out
}

// callCtx is the call a function's code is looked at through: its
// parameters are that call's arguments, looked at through outer.
type callCtx struct {
	call  ssa.CallInstruction
	outer *callCtx
}

// eachArg calls visit with each argument passed for parameter p: the
// one of the call cx looks through, else every caller's (see
// callersSeen), until visit returns false. It reports whether there
// were arguments and visit accepted them all.
func (r *roles) eachArg(p *ssa.Parameter, cx *callCtx, visit func(arg ssa.Value, call ssa.CallInstruction, outer *callCtx) bool) bool {
	fn := p.Parent()
	i := slices.Index(fn.Params, p)
	if i < 0 {
		return false
	}
	if cx != nil && cx.call.Common().StaticCallee() == fn {
		args := cx.call.Common().Args
		return i < len(args) && visit(args[i], cx.call, cx.outer)
	}
	sites := r.callersSeen(fn)
	for _, call := range sites {
		args := call.Common().Args
		if i >= len(args) || !visit(args[i], call, nil) {
			return false
		}
	}
	return len(sites) > 0
}

// callersSeen returns the calls of fn when they are all in sight: fn
// is unexported, never used as a value, and no interface call may reach
// it; a closure is only ever called where it is made. Else nil.
func (r *roles) callersSeen(fn *ssa.Function) []ssa.CallInstruction {
	if fn.Origin() != nil || r.takenFn[fn] {
		return nil
	}
	if fn.Parent() == nil {
		obj := fn.Object()
		if obj == nil || obj.Exported() || r.taken[obj] || r.invoked[fn.Name()] && fn.Signature.Recv() != nil {
			return nil
		}
		return r.calls[fn]
	}
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn {
				continue
			}
			for _, ref := range *mc.Referrers() {
				if c, ok := ref.(ssa.CallInstruction); !ok || c.Common().Value != mc || slices.Contains(c.Common().Args, ssa.Value(mc)) {
					if _, debug := ref.(*ssa.DebugRef); !debug {
						return nil
					}
				}
			}
		}
	}
	return r.calls[fn]
}

// constsOf returns the constants v may be: a constant, or a parameter
// every caller passes one for. nil: not known.
func (r *roles) constsOf(v ssa.Value, depth int, cx *callCtx) []string {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil {
			return []string{v.Value.ExactString()}
		}
	case *ssa.Parameter:
		if depth > maxRoleDepth {
			return nil
		}
		var out []string
		ok := r.eachArg(v, cx, func(arg ssa.Value, _ ssa.CallInstruction, outer *callCtx) bool {
			cs := r.constsOf(arg, depth+1, outer)
			out = append(out, cs...)
			return cs != nil
		})
		if !ok {
			return nil
		}
		sort.Strings(out)
		return slices.Compact(out)
	}
	return nil
}

// mapValues joins the kinds of every value stored into the maps of
// the field m was loaded from.
func (r *roles) mapValues(m ssa.Value, depth int, cx *callCtx) role {
	var f *types.Var
	switch m := m.(type) {
	case *ssa.Parameter:
		return r.mapParam(m, depth, cx)
	case *ssa.Field:
		f = valueFieldOf(m)
	case *ssa.UnOp:
		if fa, ok := m.X.(*ssa.FieldAddr); ok && m.Op == token.MUL {
			f = fieldOf(fa)
		}
	}
	stores := r.maps[f]
	if len(stores) == 0 {
		return nil
	}
	var out role
	for n, s := range stores {
		if s.value == nil {
			return nil
		}
		got := r.of(s.value, s.at, depth+1, nil)
		if n == 0 {
			out = got
		} else {
			out = join(out, got)
		}
		if len(out) == 0 {
			return nil
		}
	}
	return out
}

// mapParam joins the kinds of the values in every map the callers
// pass for parameter p.
func (r *roles) mapParam(p *ssa.Parameter, depth int, cx *callCtx) role {
	if depth > maxRoleDepth {
		return nil
	}
	return r.joinArgs(p, cx, func(arg ssa.Value, _ ssa.CallInstruction, outer *callCtx) role {
		return r.mapValues(arg, depth+1, outer)
	})
}

// join is the kinds either role allows: a field unknown to one is
// unknown.
func join(a, b role) role {
	out := role{}
	for f, cs := range a {
		if ds, ok := b[f]; ok {
			u := append(slices.Clone(cs), ds...)
			sort.Strings(u)
			out[f] = slices.Compact(u)
		}
	}
	return out
}

// list renders a role for an edge: "field=value" entries, sorted; nil
// when nothing is known.
func (ro role) list() []string {
	var out []string
	for f, cs := range ro {
		for _, c := range cs {
			out = append(out, f+"="+c)
		}
	}
	sort.Strings(out)
	return out
}

// label records the kinds of the objects whose locks edge le joins.
func (r *roles) label(le *LocalEdge) {
	a := le.Acq
	if a.Instr == nil || le.Test {
		return
	}
	le.ToRoles = r.ofAcquired(a, le.To, len(a.Via), nil)
	for _, h := range a.Held {
		if h.Pos == le.HeldPos && h.Ref.Class == le.From {
			le.FromRoles = r.ofLock(h.Ref, a.Instr, nil)
			break
		}
	}
}

// ofAcquired returns the kinds of the object whose lock of class a
// takes: directly, or at a.Site in the package callee a calls, as that
// callee knows them.
func (r *roles) ofAcquired(a Acquisition, class string, depth int, cx *callCtx) []string {
	if len(a.Via) == 0 || depth < 0 {
		return r.ofLock(a.Ref, a.Instr, cx)
	}
	call, ok := a.Instr.(ssa.CallInstruction)
	if !ok || call.Common().StaticCallee() == nil || r.flows[call.Common().StaticCallee()] == nil {
		return nil
	}
	var out []string
	n := 0
	for _, b := range r.flows[call.Common().StaticCallee()].Acquisitions {
		if b.Ref.Class != class || b.Instr == nil || b.Site != a.Site && (b.Site != "" || Site(r.fset, b.Pos) != a.Site) {
			continue
		}
		// The callee's parameters are this call's arguments.
		got := r.ofAcquired(b, class, depth-1, &callCtx{call, cx})
		if n == 0 {
			out = got
		} else {
			out = joinRoles(out, got)
		}
		n++
		if len(out) == 0 {
			return nil
		}
	}
	return out
}

// ofLock returns the kinds of the object holding the mutex ref names,
// when ref is a field of the object a value points to.
func (r *roles) ofLock(ref Ref, at ssa.Instruction, cx *callCtx) []string {
	if !OwnField(ref.Path) || ref.Path.Value() == nil {
		return nil
	}
	return r.of(ref.Path.Value(), at, 0, cx).list()
}

// RolesMeet reports whether each edge of a cycle can reach the next
// one's lock in an object of a kind both allow (see roles). Kinds are
// those production code gives: a cycle through a test's edge may meet
// objects of any kind.
func RolesMeet(edges []Edge) bool {
	for i, e := range edges {
		if disjointRoles(e.ToRoles, edges[(i+1)%len(edges)].FromRoles) {
			return false
		}
	}
	return true
}

// disjointRoles reports whether two kind lists name a kind field both
// know with no value in common.
func disjointRoles(a, b []string) bool {
	fa, fb := byField(a), byField(b)
	for f, va := range fa {
		if vb, ok := fb[f]; ok && !slices.ContainsFunc(va, func(v string) bool { return slices.Contains(vb, v) }) {
			return true
		}
	}
	return false
}

// joinRoles is the kinds two witnesses of an edge allow together: a
// field only one knows is unknown.
func joinRoles(a, b []string) []string {
	fa, fb := byField(a), byField(b)
	out := role{}
	for f, va := range fa {
		if vb, ok := fb[f]; ok {
			out[f] = append(slices.Clone(va), vb...)
		}
	}
	return slices.Compact(out.list())
}

func byField(list []string) role {
	out := role{}
	for _, s := range list {
		if f, v, ok := strings.Cut(s, "="); ok {
			out[f] = append(out[f], v)
		}
	}
	return out
}
