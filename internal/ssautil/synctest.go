package ssautil

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// InBubble reports whether fn runs in a testing/synctest bubble: it is,
// or is nested in, a function literal passed to synctest.Test or
// synctest.Run, directly or through a function of the package that
// passes its parameter on to one (synctestTest(t, func(t *testing.T) {
// ... })). Every goroutine started in a bubble is in it, and Test
// waits for all of them to exit: one blocked forever fails the test
// (a deadlock, or a hang until the test times out), so it never leaks
// from a passing test.
func InBubble(fn *ssa.Function) bool {
	for f := fn; f != nil && f.Parent() != nil; f = f.Parent() {
		if bubbleRoot(f) {
			return true
		}
	}
	return false
}

// bubbleRoot reports whether the function literal f is handed to a
// bubble by its enclosing function.
func bubbleRoot(f *ssa.Function) bool {
	values := []ssa.Value{f} // a literal capturing nothing is the function itself
	for _, b := range f.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == f {
				values = append(values, mc)
			}
		}
	}
	for _, v := range values {
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			if call, ok := r.(ssa.CallInstruction); ok && runsInBubble(call.Common(), v, 1) {
				return true
			}
		}
	}
	return false
}

// runsInBubble reports whether call hands the function v to a bubble:
// v is an argument of synctest.Test or synctest.Run, or, at most depth
// calls deep, of a function of the same package whose parameter in
// that place it hands on so.
func runsInBubble(call *ssa.CallCommon, v ssa.Value, depth int) bool {
	i := slices.Index(call.Args, v)
	if i < 0 {
		return false
	}
	switch CalleeName(call) {
	case "testing/synctest.Test", "testing/synctest.Run":
		return true
	}
	callee := call.StaticCallee()
	if depth == 0 || callee == nil || call.IsInvoke() || i >= len(callee.Params) || callee.Pkg == nil || callee.Pkg != calleePkg(v) {
		return false
	}
	param := callee.Params[i]
	for _, r := range *param.Referrers() {
		if c, ok := r.(ssa.CallInstruction); ok && runsInBubble(c.Common(), param, depth-1) {
			return true
		}
	}
	return false
}

// calleePkg is the package of the function holding v.
func calleePkg(v ssa.Value) *ssa.Package {
	if fn := v.Parent(); fn != nil {
		return fn.Pkg
	}
	if fn, ok := v.(*ssa.Function); ok {
		return fn.Pkg
	}
	return nil
}
