package spawn

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Projects often take their locks and WaitGroups through their own
// types: syncthing's lib/sync returns interfaces (Mutex with Lock and
// Unlock, WaitGroup with Add, Done and Wait) whose values wrap the
// standard ones. Such a value is recognised by its method set, not by
// its type's name: a type with sync.WaitGroup's Add(int), Done() and
// Wait() is a WaitGroup for the joins of the goroutine model.

// Methods returns the interface of exported methods named by sigs, each
// with the given parameters and no results.
func Methods(sigs map[string][]types.Type) *types.Interface {
	var methods []*types.Func
	for name, params := range sigs {
		var vars []*types.Var
		for _, t := range params {
			vars = append(vars, types.NewParam(token.NoPos, nil, "", t))
		}
		sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(vars...), nil, false)
		methods = append(methods, types.NewFunc(token.NoPos, nil, name, sig))
	}
	return types.NewInterfaceType(methods, nil).Complete()
}

// waitGroupLike is sync.WaitGroup's method set.
var waitGroupLike = Methods(map[string][]types.Type{
	"Add":  {types.Typ[types.Int]},
	"Done": nil,
	"Wait": nil,
})

// MethodCall recognises a call of a method of a value whose type has
// the methods of like, and is not one of package sync's own types (the
// callers know those by name): an interface method called dynamically,
// or a method of a named type called statically. It returns the
// receiver and the method's name.
func MethodCall(call *ssa.CallCommon, like *types.Interface) (recv ssa.Value, method string, ok bool) {
	recv, method, ok = CalledMethod(call)
	if !ok || !types.Implements(recv.Type(), like) {
		return nil, "", false
	}
	return recv, method, true
}

// CalledMethod is MethodCall without the test of the receiver's type
// (costly: a caller that wants some methods only tests the name first).
func CalledMethod(call *ssa.CallCommon) (recv ssa.Value, method string, ok bool) {
	if call.IsInvoke() {
		recv, method = call.Value, call.Method.Name()
	} else {
		fn := call.StaticCallee()
		if fn == nil || fn.Signature.Recv() == nil || len(call.Args) == 0 {
			return nil, "", false
		}
		if obj, ok := fn.Object().(*types.Func); !ok || obj.Pkg() == nil || obj.Pkg().Path() == "sync" {
			return nil, "", false
		}
		recv, method = call.Args[0], fn.Name()
	}
	return recv, method, true
}

// wrappedGroup recognises a call of method on a WaitGroup-like value
// and returns the value, which names the group as an address does.
func wrappedGroup(call *ssa.CallCommon, method string) (ssa.Value, bool) {
	recv, name, ok := CalledMethod(call)
	if !ok || name != method || !types.Implements(recv.Type(), waitGroupLike) {
		return nil, false
	}
	return recv, true
}
