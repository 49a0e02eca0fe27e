package ctxleak

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/report"
)

// Storing a fresh cancel in a struct field hands it on: the checks on
// the constructor call stop there. These follow it into the field: a
// field nothing reads can never be called, and a second store into the
// same field of the same value, before anything reads it, loses the
// first cancel.

// fieldState holds what the field checks learn about the package.
type fieldState struct {
	// read holds the fields some instruction of the package reads.
	read map[*types.Var]bool
	// reads memoises mayRead per function and field.
	reads map[fieldQuery]bool
}

type fieldQuery struct {
	fn    *ssa.Function
	field *types.Var
}

// checkFields reports fresh cancels stored in fields nothing reads, or
// overwritten before anything reads them.
func (c *checker) checkFields(funcs []*ssa.Function) {
	c.fields = fieldState{read: map[*types.Var]bool{}, reads: map[fieldQuery]bool{}}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if f := readField(instr); f != nil {
					c.fields.read[f] = true
				}
			}
		}
	}
	for _, fn := range funcs {
		if exempt(fn) {
			continue
		}
		for _, b := range fn.Blocks {
			for i, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok || !c.isFreshCancel(st.Val) || c.usedBesides(st) {
					continue
				}
				c.checkStore(st, fa, b, i)
			}
		}
	}
}

func (c *checker) checkStore(st *ssa.Store, fa *ssa.FieldAddr, b *ssa.BasicBlock, i int) {
	f := fieldOf(fa)
	if f == nil {
		return
	}
	name := fieldName(fa, f)
	if c.unreadField(f) {
		c.reportf(st.Pos(), nil, "the cancel function stored in %s is never called: nothing in the package reads the field, so the context's resources are held until its parent is done; call it when the %s is done with (in its Close or Stop method)", name, typeString(fa.X.Type()))
		return
	}
	if again := c.overwrite(fa, f, b, i+1); again != nil {
		c.reportf(st.Pos(), []analysis.RelatedInformation{report.Related(again.Pos(), "overwritten here")},
			"the cancel function stored in %s is overwritten before it is called: the first context's resources are held until its parent is done; call the old cancel before storing a new one", name)
	}
}

// usedBesides reports whether the cancel st stores into a field is
// also called or handed on another way (a goroutine calls it): then
// what becomes of the field does not matter.
func (c *checker) usedBesides(st *ssa.Store) bool {
	vals := []ssa.Value{st.Val}
	// A variable closures capture: its other loads, and the closures.
	if load, ok := st.Val.(*ssa.UnOp); ok && load.Op == token.MUL {
		if cell, ok := load.X.(*ssa.Alloc); ok {
			for _, r := range *cell.Referrers() {
				switch r := r.(type) {
				case *ssa.MakeClosure:
					return true
				case *ssa.UnOp:
					vals = append(vals, r)
				}
			}
		}
	}
	for _, v := range vals {
		u := c.usesOf(v)
		delete(u.uses, st)
		if len(u.uses) > 0 || len(u.partial) > 0 {
			return true
		}
	}
	return false
}

// unreadField reports whether f is an unexported field of the package
// that nothing in it reads: a cancel stored there is never called.
func (c *checker) unreadField(f *types.Var) bool {
	return !f.Exported() && f.Pkg() == c.pass.Pkg && !c.fields.read[f]
}

// overwrite finds a store into field f of the same value as fa that
// follows instruction from of block start on a path that neither reads
// the field nor calls anything that may read it; nil if none.
func (c *checker) overwrite(fa *ssa.FieldAddr, f *types.Var, start *ssa.BasicBlock, from int) *ssa.Store {
	// Past the block defining the value the field belongs to, the same
	// SSA value is another object (a loop's next element).
	var def *ssa.BasicBlock
	if instr, ok := fa.X.(ssa.Instruction); ok {
		def = instr.Block()
	}
	var found *ssa.Store
	forward(start, from, func(b *ssa.BasicBlock, from int) bool {
		if found != nil || b == def && from == 0 {
			return false
		}
		for _, instr := range b.Instrs[from:] {
			if st, ok := instr.(*ssa.Store); ok {
				if fa2, ok := st.Addr.(*ssa.FieldAddr); ok && fa2.X == fa.X && fieldOf(fa2) == f {
					found = st
					return false
				}
			}
			if readField(instr) == f || c.mayReadAt(instr, f) || synchronises(instr) {
				return false
			}
		}
		return true
	}, nil)
	return found
}

// mayReadAt reports whether instr is a call or go statement that may
// read field f (see callMayRead). A defer runs at the return.
func (c *checker) mayReadAt(instr ssa.Instruction, f *types.Var) bool {
	call, ok := instr.(ssa.CallInstruction)
	if _, deferred := instr.(*ssa.Defer); !ok || deferred {
		return false
	}
	return c.callMayRead(call, f, 0)
}

// synchronises reports whether instr lets another goroutine run a part
// that may call the cancel meanwhile: a channel operation, a select, a
// call into package sync (mu.Unlock(), wg.Wait()).
func synchronises(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Send, *ssa.Select:
		return true
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Call:
		fn := instr.Call.StaticCallee()
		if instr.Call.IsInvoke() {
			return instr.Call.Method.Pkg() != nil && instr.Call.Method.Pkg().Path() == "sync"
		}
		return fn != nil && fn.Object() != nil && fn.Object().Pkg() != nil && fn.Object().Pkg().Path() == "sync"
	}
	return false
}

// maxReadDepth bounds the walk down the call graph; deeper callees are
// taken to read the field.
const maxReadDepth = 8

// mayRead reports whether fn, or a function it calls, may read field f.
func (c *checker) mayRead(fn *ssa.Function, f *types.Var, depth int) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	q := fieldQuery{fn, f}
	if known, ok := c.fields.reads[q]; ok {
		return known
	}
	if depth > maxReadDepth || len(fn.Blocks) == 0 {
		return true
	}
	c.fields.reads[q] = false // in progress: recursion adds nothing
	result := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if readField(instr) == f {
				result = true
			} else if call, ok := instr.(ssa.CallInstruction); ok && !result {
				result = c.callMayRead(call, f, depth)
			}
		}
	}
	c.fields.reads[q] = result
	return result
}

// callMayRead reports whether call may read field f: it may run a
// function of the package that reads it, directly or in its callees;
// or a function we cannot resolve; or a function of another package
// given a value of one of this package's types (it may call a method
// that reads the field). A constructor does not.
func (c *checker) callMayRead(call ssa.CallInstruction, f *types.Var, depth int) bool {
	common := call.Common()
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return false
	}
	if _, _, ok := c.cancelIndex(call.Parent(), common); ok {
		return false
	}
	if fn := common.StaticCallee(); fn != nil {
		return c.funcMayRead(fn, common.Args, f, depth)
	}
	callees := c.resolver.Callees(call.Parent(), common)
	if len(callees) == 0 {
		// An interface no type of the package implements runs code of
		// other packages; any other unresolved call, anything.
		return !common.IsInvoke() || c.implementedHere(common.Value.Type()) || slices.ContainsFunc(common.Args, c.ownValue)
	}
	for _, callee := range callees {
		if c.funcMayRead(callee.Fn, common.Args, f, depth) {
			return true
		}
	}
	return false
}

// funcMayRead reports whether fn, called with args, may read field f.
func (c *checker) funcMayRead(fn *ssa.Function, args []ssa.Value, f *types.Var, depth int) bool {
	if fn.Pkg != nil && fn.Pkg.Pkg == c.pass.Pkg {
		return c.mayRead(fn, f, depth+1)
	}
	return slices.ContainsFunc(args, c.ownValue)
}

// implementedHere reports whether a type declared in the package may
// implement the interface type t (a generic one: has methods of its
// names).
func (c *checker) implementedHere(t types.Type) bool {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return true
	}
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || types.IsInterface(tn.Type()) {
			continue
		}
		if named, ok := tn.Type().(*types.Named); ok && named.TypeParams().Len() > 0 {
			if hasMethods(named, iface) {
				return true // its instances may implement it
			}
			continue
		}
		if types.Implements(tn.Type(), iface) || types.Implements(types.NewPointer(tn.Type()), iface) {
			return true
		}
	}
	return false
}

// hasMethods reports whether *named has a method of each name iface
// has.
func hasMethods(named *types.Named, iface *types.Interface) bool {
	mset := types.NewMethodSet(types.NewPointer(named))
	for i := range iface.NumMethods() {
		m := iface.Method(i)
		if mset.Lookup(m.Pkg(), m.Name()) == nil {
			return false
		}
	}
	return true
}

// ownValue reports whether v holds a value of a type declared in this
// package (or a function), even behind an interface: a callee in
// another package may call its methods.
func (c *checker) ownValue(v ssa.Value) bool {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	t := v.Type()
	if ptr, ok := t.Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	if _, ok := t.Underlying().(*types.Signature); ok {
		return true
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() == c.pass.Pkg
}

// readField returns the field instr reads, if any: a field selection,
// or a use of a field's address other than storing into it.
func readField(instr ssa.Instruction) *types.Var {
	switch instr := instr.(type) {
	case *ssa.Field:
		if st, ok := instr.X.Type().Underlying().(*types.Struct); ok && instr.Field < st.NumFields() {
			return st.Field(instr.Field).Origin()
		}
	case *ssa.FieldAddr:
		for _, r := range *instr.Referrers() {
			if st, ok := r.(*ssa.Store); !ok || st.Addr != instr {
				return fieldOf(instr)
			}
		}
	case *ssa.UnOp:
		if fa, ok := instr.X.(*ssa.FieldAddr); ok {
			return fieldOf(fa)
		}
	}
	return nil
}

// fieldOf returns the field fa addresses (of the generic type, for an
// instance).
func fieldOf(fa *ssa.FieldAddr) *types.Var { return calls.FieldVar(fa.X.Type(), fa.Field) }

// fieldName names the field as the source does: recv.cancel.
func fieldName(fa *ssa.FieldAddr, f *types.Var) string {
	switch x := fa.X.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return x.Name() + "." + f.Name()
	}
	return typeString(fa.X.Type()) + "." + f.Name() // an SSA temporary: name the type
}
