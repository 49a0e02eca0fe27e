package ctxleak

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/report"
)

// A holder is a new object with a fresh cancel in one of its fields
// (tx := &Tx{cancel: cancel}). Its cancel can be called only through
// it: if the object is dropped, and nothing it was handed to may read
// the field or keep the object, the cancel is lost. A function that
// returns such an object, reached by nothing else, passes the duty on
// to its callers (a holder constructor, like a cancel constructor).

// holderResult describes a holder constructor's result.
type holderResult struct {
	index  int        // the result that is the holder
	field  *types.Var // its field that holds the cancel
	store  token.Pos  // where the cancel is stored; NoPos in another package
	parent int        // the parameter its context derives from, 1-based; 0: none (see parents.go)
}

// holderValue is a holder in one function.
type holderValue struct {
	v     ssa.Value
	at    ssa.Instruction // the store of the cancel, or the constructor call
	field *types.Var
	store token.Pos
	// made: the holder constructor called at at, "" for a store.
	made string
	typ  string // the holder's type name
	// parent is the parameter of the function its context derives
	// from, 1-based; 0: none (see parents.go).
	parent int
}

// holderFate is what happens to a holder in its function.
type holderFate struct {
	kept     bool // something may call its cancel, or keep it
	returned int  // the result it is returned as, or -1
}

// findHolders finds the package's holder constructors, repeating until
// nothing changes (a function returning another's holder is one too).
func (c *checker) findHolders(funcs []*ssa.Function) {
	c.holders = map[*ssa.Function]holderResult{}
	c.keeps = publish.New()
	for round := 0; round < maxRounds; round++ {
		changed := false
		for _, fn := range funcs {
			if _, ok := c.holders[fn]; ok {
				continue
			}
			for _, h := range c.holdersIn(fn) {
				if f := c.fateOf(h); !f.kept && f.returned >= 0 {
					c.holders[fn] = holderResult{f.returned, h.field, h.store, h.parent}
					changed = true
					break
				}
			}
		}
		if !changed {
			break
		}
	}
	c.exportHolders()
}

// checkHolders reports the holders fn drops.
func (c *checker) checkHolders(fn *ssa.Function) {
	for _, h := range c.holdersIn(fn) {
		if f := c.fateOf(h); f.kept || f.returned >= 0 {
			continue
		}
		if c.unreadField(h.field) {
			continue // reported as a field nothing reads
		}
		if h.made != "" {
			if c.testCode(fn) && returnsError(h.at.(*ssa.Call)) {
				continue // a test that expects the constructor to fail
			}
			var related []analysis.RelatedInformation
			if h.store.IsValid() {
				related = append(related, report.Related(h.store, "the cancel is stored here"))
			}
			c.reportf(h.at.Pos(), related,
				"the %s returned by %s holds a cancel function (field %s) and is dropped: nothing here may call the cancel, so the context's resources are held until its parent is done; call the method that cancels it", h.typ, h.made, h.field.Name())
			continue
		}
		c.reportf(h.at.Pos(), nil, "the cancel function stored in %s.%s is never called: the %s is dropped, and nothing it is handed to may call the cancel, so the context's resources are held until its parent is done", h.typ, h.field.Name(), h.typ)
	}
}

// holdersIn lists fn's holders: new objects it stores a fresh cancel
// in, and the results of holder constructors it calls.
func (c *checker) holdersIn(fn *ssa.Function) []holderValue {
	var out []holderValue
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Store:
				fa, ok := instr.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				if alloc, ok := fa.X.(*ssa.Alloc); ok && alloc.Heap && c.isFreshCancel(instr.Val) && !inertCancel(instr.Val) && !c.usedBesides(instr) {
					if f := fieldOf(fa); f != nil {
						out = append(out, holderValue{v: alloc, at: instr, field: f, store: instr.Pos(), typ: typeString(alloc.Type()), parent: holderParent(fn, instr.Val)})
					}
				}
			case *ssa.Call:
				callee := instr.Call.StaticCallee()
				if callee == nil {
					continue
				}
				if o := callee.Origin(); o != nil {
					callee = o
				}
				if h, ok := c.holderOf(callee); ok && !inertHolder(instr, h) {
					typ := typeString(instr.Call.Signature().Results().At(h.index).Type())
					out = append(out, holderValue{v: result(instr, h.index), at: instr, field: h.field, store: h.store, made: c.funcName(callee), typ: typ, parent: passedParent(fn, instr, h)})
				}
			}
		}
	}
	return out
}

// CancelHolder marks a function that returns, as result Index, a new
// object holding a fresh cancel in its field Field, which nothing else
// reaches: callers must keep the object (and call the method that
// cancels), or the cancel is lost.
type CancelHolder struct {
	Index int
	Field string
	// Parent is the parameter the holder's context derives from
	// (1-based; 0: none): a never-done argument there makes it inert.
	Parent int
}

// AFact marks CancelHolder as a fact.
func (*CancelHolder) AFact() {}

func (f *CancelHolder) String() string {
	s := fmt.Sprintf("returns a holder of cancel (field %s) as result %d", f.Field, f.Index)
	if f.Parent > 0 {
		s += fmt.Sprintf(", its context derived from param%d", f.Parent-1)
	}
	return s
}

// holderOf reports whether callee is a holder constructor, of this
// package or, through a fact, of another.
func (c *checker) holderOf(callee *ssa.Function) (holderResult, bool) {
	if h, ok := c.holders[callee]; ok {
		return h, true
	}
	obj, ok := callee.Object().(*types.Func)
	var fact CancelHolder
	if !ok || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg || !c.pass.ImportObjectFact(obj, &fact) {
		return holderResult{}, false
	}
	results := obj.Signature().Results()
	if fact.Index >= results.Len() {
		return holderResult{}, false
	}
	f, _, _ := types.LookupFieldOrMethod(results.At(fact.Index).Type(), true, obj.Pkg(), fact.Field)
	field, ok := f.(*types.Var)
	if !ok || !field.IsField() {
		return holderResult{}, false
	}
	return holderResult{index: fact.Index, field: field.Origin(), parent: fact.Parent}, true
}

// exportHolders exports the package's exported holder constructors.
func (c *checker) exportHolders() {
	for fn, h := range c.holders {
		if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() && obj.Pkg() == c.pass.Pkg {
			c.pass.ExportObjectFact(obj, &CancelHolder{Index: h.index, Field: h.field.Name(), Parent: h.parent})
		}
	}
}

// funcName names fn as the calling package writes it.
func (c *checker) funcName(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg() != c.pass.Pkg {
		return obj.Pkg().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// returnsError reports whether call has an error result.
func returnsError(call *ssa.Call) bool {
	results := call.Call.Signature().Results()
	for i := range results.Len() {
		if types.Identical(results.At(i).Type(), types.Universe.Lookup("error").Type()) {
			return true
		}
	}
	return false
}

// result returns the index'th result of call, nil if it is unused.
func result(call *ssa.Call, index int) ssa.Value {
	if call.Call.Signature().Results().Len() == 1 {
		return call
	}
	for _, r := range *call.Referrers() {
		if ext, ok := r.(*ssa.Extract); ok && ext.Index == index {
			return ext
		}
	}
	return nil
}

// fateOf follows a holder through its function: to a use that may
// call its cancel or keep it, or to a return.
func (c *checker) fateOf(h holderValue) holderFate {
	fate := holderFate{returned: -1}
	if h.v == nil {
		return fate // a discarded result
	}
	seen := map[ssa.Value]bool{}
	var follow func(v ssa.Value)
	follow = func(v ssa.Value) {
		if seen[v] || fate.kept {
			return
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			fate.kept = true
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.FieldAddr:
				fate.kept = fate.kept || readField(r) == h.field
			case *ssa.Phi, *ssa.ChangeType:
				follow(r.(ssa.Value))
			case *ssa.BinOp:
				fate.kept = fate.kept || !comparesNil(r, seen)
			case *ssa.Return:
				i := slices.Index(r.Results, v)
				fate.kept = fate.kept || fate.returned >= 0 && fate.returned != i
				fate.returned = i
			case ssa.CallInstruction:
				fate.kept = fate.kept || c.callKeeps(r, v, h.field)
			case *ssa.DebugRef:
			default:
				fate.kept = true // stored, sent, captured, converted
			}
		}
	}
	follow(h.v)
	return fate
}

// callKeeps reports whether call, given the holder v, may call its
// cancel (a callee may read the field) or keep the holder.
func (c *checker) callKeeps(call ssa.CallInstruction, v ssa.Value, f *types.Var) bool {
	common := call.Common()
	if _, ok := common.Value.(*ssa.Builtin); ok || common.IsInvoke() {
		return true
	}
	callees := c.resolver.Callees(call.Parent(), common)
	if len(callees) == 0 {
		return true
	}
	for _, callee := range callees {
		if c.funcMayRead(callee.Fn, callee.Args, f, 0) {
			return true
		}
		for i, arg := range callee.Args {
			if arg == v && c.keeps.Keeps(callee.Fn, i) {
				return true
			}
		}
	}
	return false
}

// typeString names the named type t is, or points to.
func typeString(t types.Type) string {
	if ptr, ok := t.Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	if named, ok := types.Unalias(t).(*types.Named); ok {
		return named.Obj().Name()
	}
	return "object"
}

// inertCancel reports whether v is the cancel of a context.WithCancel
// (or WithCancelCause) whose parent can never be done: Background, TODO,
// WithoutCancel of anything, or WithValue of such. Such a context starts no
// goroutine or timer and registers nowhere, so dropping its cancel
// frees everything with the object: the holder reports stay silent
// (go vet's lostcancel still reports a cancel lost in one function).
func inertCancel(v ssa.Value) bool {
	ext, ok := v.(*ssa.Extract)
	if !ok {
		return false
	}
	call, ok := ext.Tuple.(*ssa.Call)
	if !ok || len(call.Call.Args) == 0 {
		return false
	}
	switch contextFunc(&call.Call) {
	case "WithCancel", "WithCancelCause":
		return neverDone(call.Call.Args[0])
	}
	return false
}

// neverDone reports whether ctx is a context that is never cancelled.
func neverDone(ctx ssa.Value) bool {
	if mi, ok := ctx.(*ssa.MakeInterface); ok {
		ctx = mi.X
	}
	call, ok := ctx.(*ssa.Call)
	if !ok {
		return false
	}
	switch contextFunc(&call.Call) {
	case "Background", "TODO", "WithoutCancel":
		return true // WithoutCancel's Done is nil, whatever its parent
	case "WithValue":
		return len(call.Call.Args) > 0 && neverDone(call.Call.Args[0])
	}
	return false
}

// contextFunc names the package context function a call calls, or "".
func contextFunc(call *ssa.CallCommon) string {
	fn := call.StaticCallee()
	if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != "context" {
		return ""
	}
	return fn.Name()
}
