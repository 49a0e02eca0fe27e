package hb

import "golang.org/x/tools/go/ssa"

// Sites returns the calls of fn on its caller's goroutine or started by
// it (fn itself or a closure of it as the callee) when they are all of
// its calls: ok is false for a function used otherwise (exported, a
// value stored or passed, a method value, a method an interface may
// call), whose callers are not all to be seen.
func (h *Handed) Sites(fn *ssa.Function) ([]ssa.CallInstruction, bool) {
	if h.escaped[fn] || fn.Object() != nil && h.bound[fn.Object()] || h.invoked[fn.Name()] && fn.Signature.Recv() != nil {
		return nil, false
	}
	return h.sites[fn], true
}
