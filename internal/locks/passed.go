package locks

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
)

// maxPassedDepth bounds how many closures deep passedSites follows a
// parameter holding a callback.
const maxPassedDepth = 2

// passedSites returns the calls of a closure mc handed to a function
// of the package as an argument of call, when that function does
// nothing with its parameter but call it, itself or in closures it
// makes that capture it and only call it (nats' startProbeSubscription
// runs its retry callback under the stream's lock, in a handler it
// subscribes). The closure's captured values are named in each calling
// function's terms where the call passes them on too (else unnamed: no
// lock below them counts). ok is false when the callback may go
// elsewhere.
func passedSites(mc *ssa.MakeClosure, call *ssa.Call) ([]entrySite, bool) {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg != mc.Parent().Pkg || len(callee.Blocks) == 0 || callee.Synthetic != "" || len(callee.Params) != len(call.Call.Args) {
		return nil, false
	}
	param := -1
	for i, a := range call.Call.Args {
		if a == ssa.Value(mc) {
			if param >= 0 {
				return nil, false
			}
			param = i
		}
	}
	if param < 0 {
		return nil, false
	}
	env := make([]ssa.Value, len(mc.Bindings))
	for k, b := range mc.Bindings {
		env[k] = passedAs(b, call, callee)
	}
	return callsOf(callee.Params[param], callee, env, 0)
}

// passedAs names the callback's captured value b in the callee's terms:
// the parameter the call passes b to, or, for a captured variable
// whose value the call passes, the callee's own variable holding that
// parameter (go/ssa keeps a captured parameter in a cell).
func passedAs(b ssa.Value, call *ssa.Call, callee *ssa.Function) ssa.Value {
	for j, a := range call.Call.Args {
		if a == b {
			return callee.Params[j]
		}
		if load, ok := a.(*ssa.UnOp); ok && load.X == b && isLoad(load) {
			if cell := cellOf(callee.Params[j]); cell != nil {
				return cell
			}
		}
	}
	return nil
}

func isLoad(u *ssa.UnOp) bool { return u.Op == token.MUL }

// cellOf returns the variable v is stored in when that is its only
// store (a captured parameter's cell), else nil.
func cellOf(v ssa.Value) *ssa.Alloc {
	var cell *ssa.Alloc
	for _, r := range *v.Referrers() {
		st, ok := r.(*ssa.Store)
		if !ok || st.Val != v {
			continue
		}
		a, ok := st.Addr.(*ssa.Alloc)
		if !ok || cell != nil || stores(a) != 1 {
			return nil
		}
		cell = a
	}
	return cell
}

func stores(a ssa.Value) int {
	n := 0
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			n++
		}
	}
	return n
}

// callsOf lists the calls of the callback v holds in fn, env naming
// the callback's captured values in fn's terms.
func callsOf(v ssa.Value, fn *ssa.Function, env []ssa.Value, depth int) ([]entrySite, bool) {
	var out []entrySite
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			if r.Call.Value != v || used(r.Call.Args, v) {
				return nil, false
			}
			out = append(out, entrySite{caller: fn, call: r, site: access.Site{Args: r.Call.Args, Bindings: env}})
		case *ssa.Store: // into its cell: follow the cell
			cell, ok := r.Addr.(*ssa.Alloc)
			if !ok || r.Val != v || stores(cell) != 1 {
				return nil, false
			}
			more, ok := cellCalls(cell, fn, env, depth)
			if !ok {
				return nil, false
			}
			out = append(out, more...)
		case *ssa.MakeClosure:
			more, ok := capturedCalls(v, r, env, depth, callsOf)
			if !ok {
				return nil, false
			}
			out = append(out, more...)
		default:
			return nil, false
		}
	}
	return out, true
}

// cellCalls lists the calls of the callback a cell holds: through
// loads of it, and closures capturing it.
func cellCalls(cell ssa.Value, fn *ssa.Function, env []ssa.Value, depth int) ([]entrySite, bool) {
	var out []entrySite
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != cell || fn != cell.Parent() {
				return nil, false // only the one store, in its own function
			}
		case *ssa.UnOp:
			if !isLoad(r) {
				return nil, false
			}
			more, ok := callsOf(r, fn, env, depth)
			if !ok {
				return nil, false
			}
			out = append(out, more...)
		case *ssa.MakeClosure:
			more, ok := capturedCalls(cell, r, env, depth, cellCalls)
			if !ok {
				return nil, false
			}
			out = append(out, more...)
		default:
			return nil, false
		}
	}
	return out, true
}

// capturedCalls follows v into the closure mc makes, which captures it.
func capturedCalls(v ssa.Value, mc *ssa.MakeClosure, env []ssa.Value, depth int, follow func(ssa.Value, *ssa.Function, []ssa.Value, int) ([]entrySite, bool)) ([]entrySite, bool) {
	inner, ok := mc.Fn.(*ssa.Function)
	if !ok || depth == maxPassedDepth || len(inner.FreeVars) != len(mc.Bindings) {
		return nil, false
	}
	var out []entrySite
	for k, b := range mc.Bindings {
		if b != v {
			continue
		}
		more, ok := follow(inner.FreeVars[k], inner, rebind(env, mc, inner), depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, more...)
	}
	return out, true
}

// rebind names env's values in the terms of the closure mc makes of
// inner: the free variable mc binds each to, else nil.
func rebind(env []ssa.Value, mc *ssa.MakeClosure, inner *ssa.Function) []ssa.Value {
	out := make([]ssa.Value, len(env))
	for k, e := range env {
		if e == nil {
			continue
		}
		for m, b := range mc.Bindings {
			if b == e {
				out[k] = inner.FreeVars[m]
			}
		}
	}
	return out
}
