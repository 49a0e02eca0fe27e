package publish

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// Formatting. fmt's print functions read their operands and keep none
// (Errorf keeps the errors it wraps): an object passed to one to be
// printed is not published. Go passes such operands in an array made
// for the call (the variadic ...any), which is followed like the
// object: it holds the pointer.

// printArgs returns the array a store of the object's pointer at addr
// fills, when that array only collects the operands of calls to fmt's
// print functions; nil otherwise.
func printArgs(addr ssa.Value) *ssa.Alloc {
	ia, ok := addr.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	if _, ok := arr.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Array); !ok {
		return nil
	}
	for _, r := range *arr.Referrers() {
		switch r := r.(type) {
		case *ssa.IndexAddr:
			for _, u := range *r.Referrers() {
				if st, ok := u.(*ssa.Store); !ok || st.Addr != r {
					return nil
				}
			}
		case *ssa.Slice:
			for _, u := range *r.Referrers() {
				call, ok := u.(*ssa.Call)
				if !ok || !printsOnly(&call.Call, r, arr) {
					return nil
				}
			}
		case *ssa.DebugRef:
		default:
			return nil
		}
	}
	return arr
}

// printsOnly reports whether call is a print function of fmt or log
// taking args (the slice of arr) as its operands, and keeps none of
// them: Errorf keeps an operand that is an error (%w).
func printsOnly(call *ssa.CallCommon, args ssa.Value, arr *ssa.Alloc) bool {
	fn, ok := call.Value.(*ssa.Function)
	if !ok || len(call.Args) == 0 || call.Args[len(call.Args)-1] != args || hasArg(&ssa.CallCommon{Args: call.Args[:len(call.Args)-1]}, args) {
		return false
	}
	obj, _ := fn.Object().(*types.Func)
	_, wrap, ok := ssautil.PrintFunc(obj)
	return ok && (!wrap || !storesError(arr))
}

// storesError reports whether an operand stored in arr may be an error.
func storesError(arr *ssa.Alloc) bool {
	errType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	for _, r := range *arr.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, u := range *ia.Referrers() {
			st := u.(*ssa.Store)
			v := st.Val
			if mi, ok := v.(*ssa.MakeInterface); ok {
				v = mi.X
			}
			if types.IsInterface(v.Type()) || types.Implements(v.Type(), errType) {
				return true
			}
		}
	}
	return false
}
