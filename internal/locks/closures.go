package locks

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/publish"
)

// calleeOf resolves the function a call runs and the values its free
// variables are bound to, in the caller's terms (nil where the caller
// cannot name one). Beyond static callees it follows a closure kept in
// a variable that is captured, and so lives in a cell:
//
//	rollback := func() { mu.Unlock() }
//	commit := func() { ...; rollback() }
//
// Both calls of rollback load it from its cell (commit through its
// free variable); a cell stored once with a closure holds that closure.
func calleeOf(fn *ssa.Function, call *ssa.CallCommon) (*ssa.Function, []ssa.Value) {
	if call.IsInvoke() {
		return nil, nil
	}
	if mc, ok := call.Value.(*ssa.MakeClosure); ok {
		if f, ok := mc.Fn.(*ssa.Function); ok {
			return f, mc.Bindings
		}
	}
	if f := call.StaticCallee(); f != nil {
		return f, nil
	}
	load, ok := call.Value.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, nil
	}
	return cellClosure(fn, load.X, 3)
}

// cellClosure returns the closure a variable's cell holds, when it is
// stored exactly once: cell is an Alloc of fn or a free variable of fn
// bound to such a cell in the enclosing function.
func cellClosure(fn *ssa.Function, cell ssa.Value, depth int) (*ssa.Function, []ssa.Value) {
	if depth == 0 {
		return nil, nil
	}
	switch c := cell.(type) {
	case *ssa.Alloc:
		mc, ok := publish.StoredOnce(c).(*ssa.MakeClosure)
		if !ok {
			return nil, nil
		}
		f, ok := mc.Fn.(*ssa.Function)
		if !ok {
			return nil, nil
		}
		return f, mc.Bindings
	case *ssa.FreeVar:
		outer := makerOf(fn)
		i := slices.Index(fn.FreeVars, c)
		if outer == nil || i < 0 || i >= len(outer.Bindings) {
			return nil, nil
		}
		f, bindings := cellClosure(fn.Parent(), outer.Bindings[i], depth-1)
		if f == nil {
			return nil, nil
		}
		// Rename the closure's bindings (values of the enclosing
		// function) to fn's free variables bound to the same values.
		mapped := make([]ssa.Value, len(bindings))
		for j, b := range bindings {
			if k := slices.Index(outer.Bindings, b); k >= 0 && k < len(fn.FreeVars) {
				mapped[j] = fn.FreeVars[k]
			}
		}
		return f, mapped
	}
	return nil, nil
}

// makerOf returns the one MakeClosure that creates the closure fn in
// its parent, or nil.
func makerOf(fn *ssa.Function) *ssa.MakeClosure {
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	var found *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if found != nil {
					return nil
				}
				found = mc
			}
		}
	}
	return found
}
