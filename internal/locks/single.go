package locks

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Single-goroutine sections. A run loop started once per object
// (`c := newConn(); go c.run()`) is one goroutine per object; a method
// reached only through unexported calls from it, on that object or an
// object found through its fields, runs on that goroutine only. Two
// edges formed there are formed one after the other: they close no
// deadlock among themselves. Such edges carry the gate
// "goroutine (*pkg.T).run".
//
// A loop started at one place only, on an object that place was given
// (`func (s *Server) Start() { go s.loop() }`), is one goroutine per
// object if that place runs once per object, as a Start is meant to;
// nothing here shows it does (a Kick users call twice starts two
// loops). Such loops are kept apart (confined.assumed): the lock-order
// gates rest on the loops known to start once (Result.RunLoop), and
// an analyzer that takes the assumption asks Result.OneGoroutine.

const goroutineGatePrefix = "goroutine "

// confined is what is known of the goroutine a function runs on.
type confined struct {
	root *ssa.Function // the run loop; nil: any goroutine
	loop types.Type    // the run loop's receiver type (its object)
	// owned is set when the function's receiver is the loop's object
	// or reached from it through fields that are not another object of
	// the loop's type.
	owned bool
	// assumed is set when the loop is started at one place on an
	// object that place was given: once per object only if that place
	// runs once per object.
	assumed bool
}

// callSite is one call (or go statement) reaching a function of this
// package.
type callSite struct {
	caller *ssa.Function
	instr  ssa.CallInstruction
	recv   ssa.Value // the receiver argument, for a method
}

// singleGoroutine computes, for the package's functions, the run loop
// each one runs on only, if any.
func singleGoroutine(fset *token.FileSet, pkg *ssa.Package, funcs []*ssa.Function) (map[*ssa.Function]confined, *graph) {
	g := newGraph(fset, pkg, funcs)
	out := map[*ssa.Function]confined{}
	for _, fn := range g.funcs {
		if root, assumed := g.isRoot(fn); root {
			out[fn] = confined{root: fn, loop: fn.Signature.Recv().Type(), owned: true, assumed: assumed}
		}
	}
	g.propagate(g.funcs, out)
	return out, g
}

// certain returns the part of single that does not rest on a loop
// started at one place being started once per object.
func certain(single map[*ssa.Function]confined) map[*ssa.Function]confined {
	out := map[*ssa.Function]confined{}
	for fn, c := range single {
		if !c.assumed {
			out[fn] = c
		}
	}
	return out
}

// newGraph scans the package's calls.
func newGraph(fset *token.FileSet, pkg *ssa.Package, funcs []*ssa.Function) *graph {
	g := &graph{fset: fset, pkg: pkg, sites: map[*ssa.Function][]callSite{}, escapes: map[*ssa.Function]bool{}}
	if init := pkg.Func("init"); init != nil {
		funcs = append(funcs, init)
		funcs = append(funcs, init.AnonFuncs...)
	}
	g.funcs = funcs
	g.methods = map[string][]*ssa.Function{}
	for _, fn := range funcs {
		if sig := fn.Signature; sig.Recv() != nil && fn.Parent() == nil && fn.TypeParams().Len() == 0 {
			g.methods[fn.Name()] = append(g.methods[fn.Name()], fn)
		}
	}
	for _, fn := range funcs {
		g.scan(fn)
	}
	g.resolveTables()
	g.external = externalMethods(pkg)
	return g
}

type graph struct {
	fset     *token.FileSet
	pkg      *ssa.Package
	methods  map[string][]*ssa.Function // by name, for interface calls
	sites    map[*ssa.Function][]callSite
	prod     map[*ssa.Function][]callSite // sites in production code, by callee
	funcs    []*ssa.Function
	outTypes []types.Type           // converted to an interface others can call
	api      *typeutil.Map          // the types the exported API mentions (see exposed)
	escapes  map[*ssa.Function]bool // used as a value: callable from anywhere
	tables   map[*ssa.Global]*table // function tables (see table.go)
	external map[*types.Func]bool   // callable from other packages
}

// scan records fn's calls and the functions it uses as values.
func (g *graph) scan(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			g.noteGlobals(instr)
			if mc, ok := instr.(*ssa.MakeClosure); ok && !onlyCalled(mc) {
				g.escape(mc.Fn.(*ssa.Function))
			}
			var common *ssa.CallCommon
			if call, ok := instr.(ssa.CallInstruction); ok {
				common = call.Common()
				g.addCalls(fn, call)
			}
			for _, op := range instr.Operands(nil) {
				f, ok := (*op).(*ssa.Function)
				if !ok || common != nil && op == &common.Value {
					continue
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok && op == &mc.Fn {
					continue // judged by the closure's uses, above
				}
				if g.tabled(fn, instr, f) {
					continue // judged by the table's uses (resolveTables)
				}
				g.escape(f)
			}
		}
	}
}

// escape marks f (or the method a bound or thunk wrapper stands for)
// as callable from anywhere.
func (g *graph) escape(f *ssa.Function) {
	if f.Synthetic != "" {
		if obj, ok := f.Object().(*types.Func); ok {
			if m := g.pkg.Prog.FuncValue(obj); m != nil {
				f = m
			}
		}
	}
	g.escapes[f] = true
}

// onlyCalled reports whether a closure is only called or started, never
// passed on.
func onlyCalled(mc *ssa.MakeClosure) bool {
	for _, r := range *mc.Referrers() {
		call, ok := r.(ssa.CallInstruction)
		if !ok || call.Common().Value != ssa.Value(mc) {
			return false
		}
	}
	return true
}

func (g *graph) addCalls(caller *ssa.Function, call ssa.CallInstruction) {
	common := call.Common()
	if common.IsInvoke() {
		if _, ok := common.Value.Type().Underlying().(*types.Interface); !ok {
			return
		}
		// A method of the same name and signature: its type may satisfy
		// the interface itself or through a type embedding it.
		for _, m := range g.methods[common.Method.Name()] {
			if sameSignature(m.Signature, common.Method.Type().(*types.Signature)) {
				g.sites[m] = append(g.sites[m], callSite{caller, call, common.Value})
			}
		}
		return
	}
	callee := common.StaticCallee()
	if callee == nil {
		return
	}
	// A promoted method's wrapper stands for the method it calls.
	if obj, ok := callee.Object().(*types.Func); ok && callee.Synthetic != "" {
		if m := g.pkg.Prog.FuncValue(obj); m != nil && m.Pkg == g.pkg {
			callee = m
		}
	}
	site := callSite{caller: caller, instr: call}
	if callee.Signature.Recv() != nil && len(common.Args) > 0 {
		site.recv = common.Args[0]
	}
	g.sites[callee] = append(g.sites[callee], site)
}

// externalMethods lists the methods other packages can call: those in
// the method sets of the package's exported types (promoted ones too).
// Exported functions and methods of exported types are entries anyway.
func externalMethods(pkg *ssa.Package) map[*types.Func]bool {
	out := map[*types.Func]bool{}
	scope := pkg.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			ms := types.NewMethodSet(t)
			for i := 0; i < ms.Len(); i++ {
				if f, ok := ms.At(i).Obj().(*types.Func); ok && f.Exported() {
					out[f] = true
				}
			}
		}
	}
	return out
}

// entry reports whether code this package cannot see may call fn: it
// is exported, reachable from an exported type, an exported method of
// a type that is converted to an interface (another package may call
// it through its own interface), used as a value, or generic.
func (g *graph) entry(fn *ssa.Function) bool {
	if g.escapes[fn] || fn.TypeParams().Len() > 0 || fn.Synthetic != "" {
		return true
	}
	if fn.Parent() != nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return true
	}
	if g.external[obj] || obj.Name() == "init" || obj.Name() == "main" {
		return true
	}
	if fn.Signature.Recv() == nil {
		return obj.Exported()
	}
	// An exported method of an unexported type: callable from outside
	// on a value the package hands out, as itself or as an interface
	// other than one of its own unexported ones.
	recv := fn.Signature.Recv().Type()
	return obj.Exported() && (g.convertedOut(recv) || g.exposed(recv))
}

// exposed reports whether the package's exported API (functions,
// variables, exported fields and methods of exported types) mentions t
// or *t.
func (g *graph) exposed(t types.Type) bool {
	if g.api == nil {
		g.api = apiTypes(g.pkg.Pkg)
	}
	return g.api.At(deref(t)) != nil
}

// apiTypes returns every type the package's exported API mentions (see
// mentioned): one walk, where asking of each receiver type in turn
// walked the whole API once per type.
func apiTypes(pkg *types.Package) *typeutil.Map {
	seen := new(typeutil.Map)
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Func, *types.Var, *types.Const:
			mentioned(obj.Type(), 0, seen)
		case *types.TypeName:
			mentioned(obj.Type().Underlying(), 0, seen)
			if named, ok := types.Unalias(obj.Type()).(*types.Named); ok {
				for i := 0; i < named.NumMethods(); i++ {
					if m := named.Method(i); m.Exported() {
						mentioned(m.Type(), 0, seen)
					}
				}
			}
		}
	}
	return seen
}

// mentioned adds to seen t and the types it refers to, through
// exported struct fields, pointers, containers and signatures (not
// into named types), to a depth of 6.
func mentioned(t types.Type, depth int, seen *typeutil.Map) {
	if depth > 6 || t == nil {
		return
	}
	if tuple, ok := t.(*types.Tuple); ok && tuple == nil {
		return // a signature without parameters or results
	}
	seen.Set(t, true)
	switch t := types.Unalias(t).(type) {
	case *types.Pointer:
		mentioned(t.Elem(), depth+1, seen)
	case *types.Slice:
		mentioned(t.Elem(), depth+1, seen)
	case *types.Array:
		mentioned(t.Elem(), depth+1, seen)
	case *types.Map:
		mentioned(t.Key(), depth+1, seen)
		mentioned(t.Elem(), depth+1, seen)
	case *types.Chan:
		mentioned(t.Elem(), depth+1, seen)
	case *types.Signature:
		mentioned(t.Params(), depth+1, seen)
		mentioned(t.Results(), depth+1, seen)
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			mentioned(t.At(i).Type(), depth+1, seen)
		}
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if f := t.Field(i); f.Exported() || f.Embedded() {
				mentioned(f.Type(), depth+1, seen)
			}
		}
	}
}

// convertedOut reports whether a value of type t (or *t) is converted
// to a non-empty interface other packages can call through.
func (g *graph) convertedOut(t types.Type) bool {
	if g.outTypes == nil {
		g.outTypes = []types.Type{}
		for _, fn := range g.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if mi, ok := instr.(*ssa.MakeInterface); ok && foreignInterface(g.pkg.Pkg, mi.Type()) {
						g.outTypes = append(g.outTypes, deref(mi.X.Type()))
					}
				}
			}
		}
	}
	for _, x := range g.outTypes {
		if types.Identical(x, deref(t)) {
			return true
		}
	}
	return false
}

// foreignInterface reports whether t is a non-empty interface other
// packages can call methods through: any but this package's own
// unexported interface types.
func foreignInterface(pkg *types.Package, t types.Type) bool {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return false
	}
	named, ok := types.Unalias(t).(*types.Named)
	return !ok || named.Obj().Pkg() != pkg || named.Obj().Exported()
}

// isRoot reports whether fn is a run loop: an unexported method every
// production use of which starts it on a new goroutine, once per
// object just made: `go c.run()` in a constructor, or a go statement
// of a closure that calls it, neither in a loop. assumed: its only use
// starts it on an object the starter was given (see confined.assumed).
func (g *graph) isRoot(fn *ssa.Function) (root, assumed bool) {
	if fn.Signature.Recv() == nil || fn.Parent() != nil || g.entry(fn) {
		return false, false
	}
	sites := g.production(fn)
	if len(sites) == 0 {
		return false, false
	}
	starters := map[*ssa.Function]bool{}
	for _, s := range sites {
		if s.recv == nil || ssautil.InLoop(s.instr.Block()) || starters[s.caller] {
			return false, false
		}
		starters[s.caller] = true
		// A go statement, or a call in a closure that only a go
		// statement starts, once.
		var closure *ssa.Function
		if _, ok := s.instr.(*ssa.Go); !ok {
			closure = s.caller
			if _, ok := s.instr.(*ssa.Call); !ok || closure.Parent() == nil || !startedOnce(closure) {
				return false, false
			}
		}
		if !fresh(s.recv, closure) {
			if len(sites) > 1 {
				return false, false
			}
			assumed = true
		}
	}
	return true, assumed
}

// production returns the calls reaching fn outside _test.go files: the
// program's own goroutines are what a report in production code is
// about.
func (g *graph) production(fn *ssa.Function) []callSite {
	if out, ok := g.prod[fn]; ok {
		return out
	}
	var out []callSite
	for _, s := range g.sites[fn] {
		if !IsTestFile(g.fset, s.caller.Pos()) || g.calledFromProduction(s.caller) {
			out = append(out, s)
		}
	}
	if g.prod == nil {
		g.prod = map[*ssa.Function][]callSite{}
	}
	g.prod[fn] = out
	return out
}

// calledFromProduction reports whether production code calls fn, a
// function of a test file (a test double overriding a method).
func (g *graph) calledFromProduction(fn *ssa.Function) bool {
	for _, s := range g.sites[fn] {
		if !IsTestFile(g.fset, s.caller.Pos()) {
			return true
		}
	}
	return false
}

// sameSignature compares a method's signature with an interface
// method's, receivers aside.
func sameSignature(m, i *types.Signature) bool {
	return types.Identical(types.NewSignatureType(nil, nil, nil, m.Params(), m.Results(), m.Variadic()),
		types.NewSignatureType(nil, nil, nil, i.Params(), i.Results(), i.Variadic()))
}

// startedOnce reports whether closure k is used only by one go
// statement, not in a loop.
func startedOnce(k *ssa.Function) bool {
	parent := k.Parent()
	n := 0
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Go:
				if x.Call.StaticCallee() == k {
					if ssautil.InLoop(b) {
						return false
					}
					n++
				}
			case *ssa.Call:
				if x.Call.StaticCallee() == k {
					return false
				}
			case *ssa.Defer:
				if x.Call.StaticCallee() == k {
					return false
				}
			}
		}
	}
	return n == 1
}

// fresh reports whether v is an object the starting function made (a
// composite literal, or a constructor's result), not one it was given
// or looked up: a method that starts a loop on its receiver or a
// parameter may be called again on the same object. In a closure, a
// captured variable is followed to what the enclosing function stores
// in it.
func fresh(v ssa.Value, closure *ssa.Function) bool {
	for depth := 0; depth < 8; depth++ {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			if cell, ok := x.X.(*ssa.Alloc); ok {
				return storesFresh(cell)
			}
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Alloc:
			return true
		case *ssa.Call:
			return isConstructor(x)
		case *ssa.FieldAddr:
			// A part of an object: `go w.run()` with run promoted
			// from w's embedded *Conn.
			return freshPart(x.X, x.Field)
		case *ssa.FreeVar:
			b := binding(closure, x)
			if b == nil {
				return false
			}
			v, closure = b, nil
			if cell, ok := b.(*ssa.Alloc); ok {
				// A captured variable: the closure loaded from it.
				return storesFresh(cell)
			}
		default:
			return false
		}
	}
	return false
}

// freshPart reports whether field of the object obj holds an object
// made with obj: obj is a constructor's result (it made its parts), or
// a composite literal made here whose field is given only objects
// made here.
func freshPart(obj ssa.Value, field int) bool {
	objs := []ssa.Value{obj}
	if u, ok := obj.(*ssa.UnOp); ok && u.Op == token.MUL {
		cell, ok := u.X.(*ssa.Alloc)
		if !ok {
			return false
		}
		objs = storedIn(cell)
	}
	for _, o := range objs {
		if a, ok := o.(*ssa.Alloc); ok {
			if !allMadeHere(fieldStores(a, field)) {
				return false
			}
		} else if !madeHere(o) {
			return false
		}
	}
	return len(objs) > 0
}

// fieldStores lists the values stored in field of the composite
// literal a.
func fieldStores(a *ssa.Alloc, field int) []ssa.Value {
	var out []ssa.Value
	for _, r := range *a.Referrers() {
		if fa, ok := r.(*ssa.FieldAddr); ok && fa.Field == field {
			out = append(out, storedIn(fa)...)
		}
	}
	return out
}

// storedIn lists the values stored at addr.
func storedIn(addr ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, r := range *addr.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == addr {
			out = append(out, st.Val)
		}
	}
	return out
}

// storesFresh reports whether everything stored in a local variable
// is an object made there.
func storesFresh(cell *ssa.Alloc) bool { return allMadeHere(storedIn(cell)) }

// allMadeHere reports whether there are values and each is made here.
func allMadeHere(vs []ssa.Value) bool {
	for _, v := range vs {
		if !madeHere(v) {
			return false
		}
	}
	return len(vs) > 0
}

// madeHere reports whether v is an object just made: a composite
// literal or a constructor's result.
func madeHere(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return true
	case *ssa.Call:
		return isConstructor(v)
	}
	return false
}

// isConstructor reports whether call makes a new object, by Go's
// naming convention: the function or method (or the field or variable
// holding it) is named new... or New...
func isConstructor(call *ssa.Call) bool {
	name := ""
	switch f := call.Call.Value.(type) {
	case *ssa.Function:
		name = f.Name()
	case *ssa.UnOp:
		switch x := f.X.(type) {
		case *ssa.FieldAddr:
			if fld := access.FieldOf(x.X.Type(), x.Field); fld != nil {
				name = fld.Name()
			}
		case *ssa.Global:
			name = x.Name()
		}
	}
	return strings.HasPrefix(name, "new") || strings.HasPrefix(name, "New")
}

// binding returns the value k's captured variable fv is bound to where
// k is made (nil when fv is not k's).
func binding(k *ssa.Function, fv *ssa.FreeVar) ssa.Value {
	if k == nil || fv.Parent() != k {
		return nil
	}
	return ssautil.Binding(fv)
}

// reach is what propagation knows of a function: the run loops that
// reach it, whether any other goroutine may, and whether every call
// reaching it is on the loop's object.
type reach struct {
	roots map[*ssa.Function]bool
	any   bool
	owned bool
	loop  types.Type
}

// propagate spreads run loops from callers to callees until nothing
// changes; a function is confined when one loop, and nothing else,
// reaches it. Entries, functions started by other go statements and
// functions nothing calls may run anywhere.
func (g *graph) propagate(funcs []*ssa.Function, out map[*ssa.Function]confined) {
	state := map[*ssa.Function]*reach{}
	for _, fn := range funcs {
		r := &reach{roots: map[*ssa.Function]bool{}, owned: true}
		if c, ok := out[fn]; ok {
			r.roots[fn], r.loop = true, c.loop
		} else if g.entry(fn) || len(g.production(fn)) == 0 {
			r.any = true
		}
		state[fn] = r
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			r := state[fn]
			if _, isRoot := out[fn]; isRoot || r.any {
				continue
			}
			for _, s := range g.production(fn) {
				cr := state[s.caller]
				if _, ok := s.instr.(*ssa.Go); ok || cr == nil || cr.any {
					r.any, changed = true, true
					break
				}
				for root := range cr.roots {
					if !r.roots[root] {
						r.roots[root], changed = true, true
						r.loop = cr.loop
					}
				}
				if len(r.roots) > 1 {
					r.any = true // two loops: as good as any goroutine
					break
				}
				if len(cr.roots) > 0 && r.owned && !(cr.owned && g.ownedCall(fn, s, cr.loop)) {
					r.owned, changed = false, true
				}
			}
		}
	}
	for _, fn := range funcs {
		r := state[fn]
		if _, isRoot := out[fn]; isRoot || r.any || len(r.roots) != 1 {
			continue
		}
		for root := range r.roots {
			out[fn] = confined{root: root, loop: r.loop, owned: r.owned, assumed: out[root].assumed}
		}
	}
}

// ownedCall reports whether a call keeps to the loop's object: a
// method called on the caller's (owned) receiver or an object found
// through its fields, or a closure called by the function that made it
// (it shares that function's receiver).
func (g *graph) ownedCall(callee *ssa.Function, s callSite, loop types.Type) bool {
	if callee.Parent() != nil {
		return s.caller == callee.Parent()
	}
	return s.recv != nil && g.ownedRecv(s.caller, s.recv, loop)
}

// ownedRecv reports whether v is the caller's receiver or reached from
// it through fields, none of which is another object of the loop's type.
func (g *graph) ownedRecv(caller *ssa.Function, v ssa.Value, loop types.Type) bool {
	if caller.Parent() == nil && (caller.Signature.Recv() == nil || len(caller.Params) == 0) {
		return false
	}
	for depth := 0; depth < 16; depth++ {
		switch x := v.(type) {
		case *ssa.Parameter:
			return x == caller.Params[0]
		case *ssa.FreeVar:
			// In a closure, the receiver of the method that made it.
			return capturesReceiver(caller, x)
		case *ssa.Alloc:
			// The receiver, spilled to the heap for a closure.
			return caller.Parent() == nil && holdsOnly(x, caller.Params[0])
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			v = x.X
		case *ssa.FieldAddr:
			if isLoopObject(x.Type().(*types.Pointer).Elem(), loop) {
				return false
			}
			v = x.X
		case *ssa.Field:
			if isLoopObject(x.Type(), loop) {
				return false
			}
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return false
		}
	}
	return false
}

// capturesReceiver reports whether fv, a variable closure k captures,
// holds the receiver of the method that made k, and nothing else.
func capturesReceiver(k *ssa.Function, fv *ssa.FreeVar) bool {
	parent := k.Parent()
	if parent == nil || parent.Parent() != nil || parent.Signature.Recv() == nil || len(parent.Params) == 0 {
		return false
	}
	b := binding(k, fv)
	if b == parent.Params[0] {
		return true
	}
	a, ok := b.(*ssa.Alloc)
	return ok && holdsOnly(a, parent.Params[0])
}

// holdsOnly reports whether the local cell a (a captured variable's)
// only ever holds v.
func holdsOnly(a *ssa.Alloc, v ssa.Value) bool {
	stored := false
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == ssa.Value(a) {
			if st.Val != v {
				return false
			}
			stored = true
		}
	}
	return stored
}

// isLoopObject reports whether t is (a pointer to) the loop's object type.
func isLoopObject(t, loop types.Type) bool {
	return types.Identical(deref(t), deref(loop))
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// ownedRef reports whether r, a lock reached in a function confined as
// c, belongs to the loop's object: a field path from the receiver that
// goes through no other object of the loop's type.
func ownedRef(fn *ssa.Function, c confined, r Ref) bool {
	root := r.Path.Root
	if c.root == nil || !c.owned || root.Kind != access.Param || root.Index != 0 || fn.Signature.Recv() == nil {
		return false
	}
	fields, ok := r.Path.Fields()
	if !ok || len(fields) == 0 {
		return false
	}
	// The last field names the mutex itself.
	t := fn.Signature.Recv().Type()
	for _, name := range fields[:len(fields)-1] {
		obj, _, _ := types.LookupFieldOrMethod(t, true, fn.Pkg.Pkg, name)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			return false
		}
		t = v.Type()
		if isLoopObject(t, c.loop) {
			return false
		}
	}
	return true
}

// goroutineGate returns the single-goroutine gate of an edge from h to
// a formed in fn: both locks belong to the object of the run loop fn
// runs on only. Empty otherwise.
func goroutineGate(fn *ssa.Function, c confined, h, a Ref) string {
	if !ownedRef(fn, c, h) || !ownedRef(fn, c, a) {
		return ""
	}
	return goroutineGatePrefix + ShortFunc(c.root)
}

// IsGoroutineGate reports whether a gate is a single-goroutine section's.
func IsGoroutineGate(gate string) bool { return strings.HasPrefix(gate, goroutineGatePrefix) }
