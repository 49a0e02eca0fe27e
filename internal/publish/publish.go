// Package publish answers whether an object a function allocates can
// be seen by another goroutine yet. Until the object is published (its
// address stored somewhere shared, passed to a call that may keep it,
// captured by a goroutine or an escaping closure, sent, returned) only
// the allocating goroutine can reach it: no other goroutine can hold or
// wait for its mutex, read or write its fields.
//
// The answer depends on the program point (c := &T{}; c.mu.Lock() is
// private until registry[k] = c), so it is flow-sensitive: an object
// is published at an instruction when some publishing instruction can
// run on a path from the allocation to it, other than a path that
// contradicts the branch taken to that instruction (a condition
// computed once per call is tested the same way each time). A pointer
// into the object stored in the object itself (c.cond =
// sync.NewCond(&c.mu)) publishes nothing until loaded and passed on.
// Passing an object to fmt's print functions publishes nothing. A
// parameter is private where every call of its (unexported) function
// passes an object its caller has not published (see params.go).
// Everything not understood publishes. Callees are followed only where their SSA is at hand (the
// package being analysed), to a bounded depth: no whole-program
// analysis.
package publish

import (
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// Query caches answers for the functions of one package. The zero
// value is not usable; use New. Its answers fill its caches: callers
// sharing one between goroutines hold its lock (Lock) around them.
type Query struct {
	mu      sync.Mutex
	objects map[ssa.Value]*object // by allocation or parameter
	escape  map[escapeKey]bool    // parameters and free variables
	busy    map[ssa.Value]bool    // being computed: recursion publishes
	entry   map[*ssa.Parameter]bool
	calls   *calls                 // see SetPackage
	handed  map[*ssa.Alloc]*object // see HandedOnlyToPackage
}

// Lock and Unlock serialise the goroutines that share q.
func (q *Query) Lock()   { q.mu.Lock() }
func (q *Query) Unlock() { q.mu.Unlock() }

// New returns an empty Query.
func New() *Query {
	return &Query{objects: map[ssa.Value]*object{}, escape: map[escapeKey]bool{}, busy: map[ssa.Value]bool{}, entry: map[*ssa.Parameter]bool{}}
}

type escapeKey struct {
	v     ssa.Value
	depth int
}

// object is one allocation's publishing instructions, summarised per
// block: the blocks a publication may precede entirely, and the first
// publishing instruction inside each block that has one.
type object struct {
	after map[*ssa.BasicBlock]bool
	first map[*ssa.BasicBlock]int
}

// maxDepth bounds how far callees and closures are followed.
const maxDepth = 3

// Published reports whether the object allocated by alloc may be
// reachable by another goroutine when instruction at runs (at must be
// in alloc's function; anything else is published).
func (q *Query) Published(alloc *ssa.Alloc, at ssa.Instruction) bool {
	if alloc == nil || at == nil || at.Block() == nil || at.Parent() != alloc.Parent() {
		return true
	}
	o, ok := q.objects[alloc]
	if !ok {
		o = q.build(alloc)
		q.objects[alloc] = o
	}
	return o == nil || o.before(at)
}

// before reports whether a publishing site may run before at.
func (o *object) before(at ssa.Instruction) bool {
	b := at.Block()
	if o.after[b] {
		return true
	}
	i, ok := o.first[b]
	return ok && i < indexIn(b, at)
}

// build finds alloc's publishing instructions and the blocks they may
// precede without passing the allocation again (a loop allocating one
// object per iteration publishes each only after its own allocation),
// nor a branch that contradicts the one taken to the site (see decided).
func (q *Query) build(alloc *ssa.Alloc) *object {
	sites, ok := q.sites(alloc, false, maxDepth)
	if !ok {
		return nil
	}
	return objectOf(sites, alloc.Parent(), alloc.Block())
}

// objectOf summarises publishing sites in fn per block: propagation
// stops at stop (the allocation's block, nil for none).
func objectOf(sites []ssa.Instruction, fn *ssa.Function, stop *ssa.BasicBlock) *object {
	o := &object{after: map[*ssa.BasicBlock]bool{}, first: map[*ssa.BasicBlock]int{}}
	for _, s := range sites {
		b := s.Block()
		if b == nil || b.Parent() != fn {
			return nil
		}
		i := indexIn(b, s)
		if j, ok := o.first[b]; !ok || i < j {
			o.first[b] = i
		}
	}
	for _, s := range sites {
		facts := decided(s.Block())
		seen := map[*ssa.BasicBlock]bool{}
		// A copy: feasibleSuccs returns the block's own Succs, and the
		// appends below would write over them (go/ssa gives Succs a
		// spare capacity of two), rewiring the CFG every analyzer shares.
		work := slices.Clone(feasibleSuccs(s.Block(), facts))
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			if seen[b] || b == stop {
				continue
			}
			seen[b] = true
			o.after[b] = true
			work = append(work, feasibleSuccs(b, facts)...)
		}
	}
	return o
}

// decided returns the branch conditions whose outcome every path to b
// has fixed: b lies below the only entry of one arm of an if on them.
// Only conditions computed once per call (parameters, values outside
// loops) count: a later test of the same value takes the same arm
// (if solicit { ... } else { publish(c) }; ...; if solicit { here }).
func decided(b *ssa.BasicBlock) map[ssa.Value]bool {
	facts := map[ssa.Value]bool{}
	for d := b.Idom(); d != nil; d = d.Idom() {
		cond, ok := branchOn(d)
		if !ok {
			continue
		}
		for i, succ := range d.Succs {
			if len(succ.Preds) == 1 && succ.Dominates(b) {
				facts[cond] = i == 0
			}
		}
	}
	return facts
}

// branchOn returns the condition block b ends in an if on, when that
// condition is computed at most once per call.
func branchOn(b *ssa.BasicBlock) (ssa.Value, bool) {
	if len(b.Instrs) == 0 {
		return nil, false
	}
	br, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, false
	}
	switch c := br.Cond.(type) {
	case *ssa.Parameter:
		return c, true
	case ssa.Instruction:
		if c.Block() != nil && !reachesItself(c.Block()) {
			return br.Cond, true
		}
	}
	return nil, false
}

// feasibleSuccs returns b's successors, without the arm of an if whose
// condition facts decide the other way.
func feasibleSuccs(b *ssa.BasicBlock, facts map[ssa.Value]bool) []*ssa.BasicBlock {
	if cond, ok := branchOn(b); ok {
		if v, ok := facts[cond]; ok {
			if v {
				return b.Succs[:1]
			}
			return b.Succs[1:]
		}
	}
	return b.Succs
}

// reachesItself reports whether block b lies on a cycle.
func reachesItself(b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if x == b {
			return true
		}
		if !seen[x] {
			seen[x] = true
			work = append(work, x.Succs...)
		}
	}
	return false
}

func indexIn(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, in := range b.Instrs {
		if in == instr {
			return i
		}
	}
	return len(b.Instrs)
}

// sites returns the instructions of v's function that may publish the
// object v points to (or, for a cell, the object the variable holds).
// ok is false when v's uses cannot be enumerated.
func (q *Query) sites(v ssa.Value, cell bool, depth int) (sites []ssa.Instruction, ok bool) {
	w := &walk{self: map[string]bool{}}
	// A store into the object's own field found late can make loads
	// already passed carry the pointer: walk again (rarely needed).
	for range 3 {
		sites, ok, grew := q.walk(w, v, cell, depth)
		if !ok || !grew {
			return sites, ok
		}
	}
	return nil, false
}

// walk is the state of one search of an object's uses.
type walk struct {
	same map[ssa.Value]bool // values that are the object's pointer itself
	self map[string]bool    // field paths of the object that hold a pointer into it
}

func (q *Query) walk(w *walk, v ssa.Value, cell bool, depth int) (sites []ssa.Instruction, ok, grew bool) {
	type item struct {
		v    ssa.Value
		cell bool
	}
	w.same = map[ssa.Value]bool{}
	if !cell {
		w.same[v] = true
	}
	seen := map[item]bool{}
	work := []item{{v, cell}}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		refs := x.v.Referrers()
		if refs == nil {
			return nil, false, false
		}
		for _, r := range *refs {
			var derived []ssa.Value
			var cells []ssa.Value
			publishes := false
			switch k := w.inside(x.v, r); {
			case x.cell:
				derived, publishes = q.cellUse(x.v, r, depth)
				if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
					w.same[load] = true
				}
			case k == selfStore:
				grew = grew || !w.self[w.path(r)]
				w.self[w.path(r)] = true
			case k == selfLoad:
				derived = []ssa.Value{r.(ssa.Value)}
			default:
				derived, cells, publishes = q.use(x.v, r, depth)
			}
			for _, d := range derived {
				work = append(work, item{d, false})
			}
			for _, c := range cells {
				work = append(work, item{c, true})
			}
			if publishes {
				sites = append(sites, r)
			}
		}
	}
	return sites, true, grew
}

const (
	elsewhere = iota
	selfStore // x stored into a field of the object itself
	selfLoad  // a load of such a field: it yields a pointer into the object
)

// inside classifies r's use of x (a pointer into the object) when r
// stores x into the object's own fields (c.cond = sync.NewCond(&c.mu)
// keeps the object reachable only from itself) or loads from a field
// that such a store wrote.
func (w *walk) inside(x ssa.Value, r ssa.Instruction) int {
	switch r := r.(type) {
	case *ssa.Store:
		if base, _, ok := fieldPath(r.Addr); ok && r.Val == x && w.same[base] {
			return selfStore
		}
	case *ssa.UnOp:
		if base, path, ok := fieldPath(r.X); ok && r.Op == token.MUL && r.X == x && w.same[base] && w.self[path] {
			return selfLoad
		}
	}
	return elsewhere
}

func (w *walk) path(r ssa.Instruction) string {
	_, path, _ := fieldPath(r.(*ssa.Store).Addr)
	return path
}

// fieldPath names an address as a chain of fields below a base
// pointer: ".2.0" for &base.f2.f0.
func fieldPath(addr ssa.Value) (base ssa.Value, path string, ok bool) {
	for {
		fa, isField := addr.(*ssa.FieldAddr)
		if !isField {
			return addr, path, path != ""
		}
		path = "." + strconv.Itoa(fa.Field) + path
		addr = fa.X
	}
}

// use classifies instruction r using x (a pointer into the object):
// the values that carry the pointer on, the variables' cells it is
// kept in, and whether r may publish it.
func (q *Query) use(x ssa.Value, r ssa.Instruction, depth int) (derived, cells []ssa.Value, publishes bool) {
	switch r := r.(type) {
	case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Slice, *ssa.ChangeType, *ssa.Convert,
		*ssa.MakeInterface, *ssa.ChangeInterface, *ssa.TypeAssert, *ssa.Phi,
		*ssa.SliceToArrayPointer, *ssa.MultiConvert:
		return []ssa.Value{r.(ssa.Value)}, nil, false
	case *ssa.UnOp:
		// A load reads the object, it does not copy its address; nor
		// does a receive from a channel.
		return nil, nil, r.Op != token.MUL && r.Op != token.ARROW
	case *ssa.Send:
		// Sending on a channel hands out the value sent, not the
		// channel.
		return nil, nil, r.X == x
	case *ssa.Select:
		for _, st := range r.States {
			if st.Send == x {
				return nil, nil, true
			}
		}
		return nil, nil, false
	case *ssa.BinOp, *ssa.DebugRef, *ssa.If:
		return nil, nil, false
	case *ssa.Store:
		if r.Val != x {
			return nil, nil, false // a write into the object
		}
		// Kept in a local variable's cell: follow the variable.
		if cell, ok := r.Addr.(*ssa.Alloc); ok && isCell(cell) {
			return nil, []ssa.Value{cell}, false
		}
		// An operand of fmt.Sprintf and the like: follow the array.
		if arr := printArgs(r.Addr); arr != nil {
			return []ssa.Value{arr}, nil, false
		}
		return nil, nil, true
	case *ssa.MakeClosure:
		return nil, nil, q.closurePublishes(r, x, false, depth)
	case *ssa.Call:
		if newCond(&r.Call) {
			// The Cond keeps its Locker: it carries the pointer on.
			return []ssa.Value{r}, nil, false
		}
		return nil, nil, q.callPublishes(&r.Call, x, depth)
	case *ssa.Defer:
		return nil, nil, q.callPublishes(&r.Call, x, depth)
	}
	// Go, Send, MapUpdate, Return, Panic, Select and anything unknown.
	return nil, nil, true
}

// cellUse classifies an instruction using a variable's cell that holds
// the object: loads carry the pointer on, stores assign the variable,
// closures capture it; anything else (&v passed on) publishes.
func (q *Query) cellUse(cell ssa.Value, r ssa.Instruction, depth int) (derived []ssa.Value, publishes bool) {
	switch r := r.(type) {
	case *ssa.UnOp:
		if r.Op == token.MUL {
			return []ssa.Value{r}, false
		}
	case *ssa.Store:
		if r.Addr == cell {
			return nil, false
		}
	case *ssa.MakeClosure:
		return nil, q.closurePublishes(r, cell, true, depth)
	case *ssa.DebugRef:
		return nil, false
	}
	return nil, true
}

// isCell reports whether alloc is a local variable's storage used only
// by stores into it, loads, and closures capturing it.
func isCell(alloc *ssa.Alloc) bool {
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// closurePublishes reports whether capturing x in closure mc may
// publish it: the closure escapes (anything but being called or
// deferred here, so a go statement too), or its body publishes the
// captured value.
func (q *Query) closurePublishes(mc *ssa.MakeClosure, x ssa.Value, cell bool, depth int) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || depth == 0 {
		return true
	}
	for _, r := range *mc.Referrers() {
		switch r := r.(type) {
		case *ssa.Call:
			if r.Call.Value != mc || hasArg(&r.Call, mc) {
				return true
			}
		case *ssa.Defer:
			if r.Call.Value != mc || hasArg(&r.Call, mc) {
				return true
			}
		case *ssa.DebugRef:
		default:
			return true
		}
	}
	for i, b := range mc.Bindings {
		if b == x && (i >= len(fn.FreeVars) || q.escapes(fn.FreeVars[i], cell, depth-1)) {
			return true
		}
	}
	return false
}

func hasArg(call *ssa.CallCommon, v ssa.Value) bool {
	for _, a := range call.Args {
		if a == v {
			return true
		}
	}
	return false
}

// callPublishes reports whether a call taking x may keep it: anything
// but a method of a sync or sync/atomic value on the object itself
// (mu.Lock(), n.Add(1)), a builtin that only reads, or a callee whose
// SSA shows it publishes none of the parameters x is passed as.
func (q *Query) callPublishes(call *ssa.CallCommon, x ssa.Value, depth int) bool {
	if call.IsInvoke() {
		return true
	}
	if b, ok := call.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "len", "cap", "print", "println", "delete", "clear", "min", "max", "close":
			return false
		}
		return true
	}
	fn := call.StaticCallee()
	if fn == nil {
		return true
	}
	if syncValue(fn) && len(call.Args) > 0 && call.Args[0] == x && !hasArg(&ssa.CallCommon{Args: call.Args[1:]}, x) {
		return false
	}
	if sl, ok := x.(*ssa.Slice); ok {
		if arr, ok := sl.X.(*ssa.Alloc); ok && printsOnly(call, sl, arr) {
			return false
		}
	}
	if depth == 0 || len(fn.Blocks) == 0 || len(fn.Params) != len(call.Args) {
		return true
	}
	for i, a := range call.Args {
		if a == x && q.escapes(fn.Params[i], false, depth-1) {
			return true
		}
	}
	return false
}

// newCond reports whether call is sync.NewCond.
func newCond(call *ssa.CallCommon) bool {
	fn, ok := call.Value.(*ssa.Function)
	if !ok {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Pkg() != nil && obj.Pkg().Path() == "sync" && obj.Name() == "NewCond"
}

// syncValue reports whether fn is a method of package sync or
// sync/atomic, or an atomic function: they do not keep their receiver
// (the address they operate on).
func syncValue(fn *ssa.Function) bool {
	if fn.Pkg == nil && fn.Object() != nil && fn.Object().Pkg() != nil {
		path := fn.Object().Pkg().Path()
		return path == "sync" || path == "sync/atomic"
	}
	if fn.Pkg == nil || fn.Pkg.Pkg == nil {
		return false
	}
	path := fn.Pkg.Pkg.Path()
	if path == "sync/atomic" {
		return true
	}
	return path == "sync" && fn.Signature.Recv() != nil
}

// escapes reports whether a function may publish what its parameter
// or a closure's captured value v points to (cell: v is a captured
// variable holding the object). Returning it counts; recursion publishes.
func (q *Query) escapes(v ssa.Value, cell bool, depth int) bool {
	// The answer depends on the depth left: a callee too deep to follow
	// publishes here and may not with more depth.
	key := escapeKey{v, depth}
	if esc, ok := q.escape[key]; ok {
		return esc
	}
	if q.busy[v] {
		return true
	}
	q.busy[v] = true
	sites, ok := q.sites(v, cell, depth)
	delete(q.busy, v)
	esc := !ok || len(sites) > 0
	q.escape[key] = esc
	return esc
}

// Allocation returns the allocation a pointer value denotes in its
// function: an Alloc itself, or a load of a variable's cell that is
// stored once, with an Alloc (c := &T{} captured by a closure). Nil
// for anything else: parameters, call results, loads of fields.
func Allocation(v ssa.Value) *ssa.Alloc {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		cell, ok := load.X.(*ssa.Alloc)
		if !ok {
			return nil
		}
		v = StoredOnce(cell)
	}
	a, _ := v.(*ssa.Alloc)
	return a
}

// StoredOnce returns the value stored in a variable's cell when it is
// written exactly once and otherwise only loaded or captured.
func StoredOnce(cell *ssa.Alloc) ssa.Value {
	var val ssa.Value
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != cell || val != nil {
				return nil
			}
			val = r.Val
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return nil
		}
	}
	return val
}
