package locks

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/calls"
)

// trusted is how much of a callee's summary applies at a call site.
type trusted uint8

const (
	ignored trusted = iota
	// wholly: the call runs this callee: every effect applies, its
	// releases and the locks it returns holding too.
	wholly
	// acquires: the callee runs, as far as the package shows, but the
	// caller cannot rely on what it leaves held or released: only its
	// acquisitions apply.
	acquires
	// oneOf: the callee is one of several the call may run: its
	// acquisitions apply as may-acquisitions.
	oneOf
)

// trust decides how a resolved callee's effects apply at call. Static
// calls, closures and method values a local or a field holds (the only
// value stored) apply wholly; one of several stored values applies as a
// may-acquisition. An interface call counts only when the package
// shows a single implementation declared beside the interface (a type
// of another package may be the dynamic one otherwise, and an edge
// through an implementation that is never called there would close
// cycles that cannot happen); its acquisitions then apply, as do those
// of a String or Error method that fmt calls.
func trust(call *ssa.CallCommon, c calls.Callee) trusted {
	if c.Fn == nil {
		return ignored
	}
	switch c.Kind {
	case calls.Static:
		return wholly
	case calls.Local, calls.Field:
		if c.Alternatives == 1 {
			return wholly
		}
		return oneOf
	case calls.Interface:
		if c.Alternatives == 1 && besideInterface(call, c.Fn) {
			return acquires
		}
	case calls.Format:
		return acquires
	}
	return ignored
}

// Applies reports whether the effects of a resolved callee apply at
// call as the lock model trusts them (see trust), and whether they
// apply only maybe: the callee is one of several the call may run.
// Function summaries other than the lock model's share the rule.
func Applies(call *ssa.CallCommon, c calls.Callee) (apply, may bool) {
	switch trust(call, c) {
	case wholly, acquires:
		return true, false
	case oneOf:
		return true, true
	}
	return false, false
}

// BesideInterface reports whether method fn is declared in the package
// that declares the named interface call is made on.
func BesideInterface(call *ssa.CallCommon, fn *ssa.Function) bool { return besideInterface(call, fn) }

// besideInterface reports whether method fn is declared in the package
// that declares the named interface call is made on.
func besideInterface(call *ssa.CallCommon, fn *ssa.Function) bool {
	named, ok := types.Unalias(call.Value.Type()).(*types.Named)
	obj, isFunc := fn.Object().(*types.Func)
	return ok && isFunc && obj.Pkg() != nil && named.Obj().Pkg() == obj.Pkg()
}

// mayOnly marks the acquisition just recorded as one a callee makes on
// some paths only, or through a call that may run another function.
func (f *flow) mayOnly(may bool) {
	if !may || !f.recording || len(f.result.Acquisitions) == 0 {
		return
	}
	a := &f.result.Acquisitions[len(f.result.Acquisitions)-1]
	a.May, a.Must = true, false
}
