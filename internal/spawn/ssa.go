package spawn

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Spawn is a spawn site in SSA form.
type Spawn struct {
	Kind  Kind
	Instr ssa.Instruction // the *ssa.Go, or the *ssa.Call of a spawner
	// Fn is the function value that runs on the new goroutine: a
	// *ssa.MakeClosure or an *ssa.Function.
	Fn ssa.Value
	// Args are the arguments a go statement passes to Fn.
	Args []ssa.Value
	// Group is the errgroup.Group or WaitGroup whose Wait joins the
	// task, for their Go methods, or a method spawner's receiver.
	Group ssa.Value
}

// Site is where the spawn binds its body's parameters (the arguments
// it passes) and free variables (the closure's bindings).
func (s Spawn) Site() access.Site {
	return access.CallSite(&ssa.CallCommon{Value: s.Fn, Args: s.Args})
}

// Body returns the function the spawn runs, or nil when it is dynamic.
func (s Spawn) Body() *ssa.Function {
	return FuncOf(s.Fn)
}

// FuncOf returns the function a function value denotes, if static.
func FuncOf(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		if fn, ok := v.Fn.(*ssa.Function); ok {
			return fn
		}
	}
	return nil
}

// OfInstr recognises the spawns that run concurrently with their
// spawner, as (*Table).OfInstr does, without the inferred spawners.
func OfInstr(instr ssa.Instruction) (Spawn, bool) {
	return (*Table)(nil).OfInstr(instr)
}

// callsParallelSSA reports whether fn, a subtest body, calls Parallel on
// its own *testing.T parameter (on another testing.T value it makes
// nothing parallel).
func callsParallelSSA(fn *ssa.Function) bool {
	if fn == nil || len(fn.Params) != 1 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && ssautil.CalleeName(&c.Call) == "(*testing.T).Parallel" &&
				len(c.Call.Args) == 1 && holdsOnly(c.Call.Args[0], fn.Params[0]) {
				return true
			}
		}
	}
	return false
}

// holdsOnly reports whether v is p, or a load of a variable that only
// ever holds p (a parameter captured by a closure lives in one).
func holdsOnly(v, p ssa.Value) bool {
	if v == p {
		return true
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	alloc, ok := load.X.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, r := range *alloc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == alloc && st.Val != p {
			return false
		}
	}
	return true
}

// JoinOf recognises a Wait on a WaitGroup, a WaitGroup-like value or an
// errgroup.Group and returns the group's address. A Wait() method of
// another type (no parameters; no result or an error) waits for the
// goroutines its receiver's spawner methods started (pool.Wait after
// pool.Submit): it joins the spawns whose Group is that receiver.
func JoinOf(instr ssa.Instruction) (ssa.Value, bool) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return nil, false
	}
	switch ssautil.CalleeName(&call.Call) {
	case waitGroupWait, errgroupWait:
		if len(call.Call.Args) > 0 {
			return call.Call.Args[0], true
		}
	}
	if recv, ok := waitMethod(&call.Call); ok {
		return recv, true
	}
	return wrappedGroup(&call.Call, "Wait")
}

// waitMethod recognises a static call of a method Wait() with no result
// or an error, outside package sync and os/exec (a sync.Cond, a
// command: no goroutine group), and returns its receiver.
func waitMethod(call *ssa.CallCommon) (ssa.Value, bool) {
	obj := originObject(call.StaticCallee())
	if obj == nil || !isWaitMethod(obj) || len(call.Args) == 0 {
		return nil, false
	}
	return call.Args[0], true
}

// isWaitMethod reports whether fn is a method Wait() with no result or
// an error, outside package sync and os/exec.
func isWaitMethod(fn *types.Func) bool {
	if fn.Name() != "Wait" || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "sync", "os/exec":
		return false
	}
	sig := fn.Signature()
	results := sig.Results()
	return sig.Recv() != nil && sig.Params().Len() == 0 &&
		(results.Len() == 0 || results.Len() == 1 && results.At(0).Type().String() == "error")
}

// DoneOf recognises (*sync.WaitGroup).Done or Done on a WaitGroup-like
// value, called or deferred, and returns the group's address.
func DoneOf(instr ssa.Instruction) (ssa.Value, bool) {
	var call *ssa.CallCommon
	switch instr := instr.(type) {
	case *ssa.Call:
		call = &instr.Call
	case *ssa.Defer:
		call = &instr.Call
	default:
		return nil, false
	}
	if len(call.Args) > 0 && ssautil.CalleeName(call) == waitGroupDone {
		return call.Args[0], true
	}
	return wrappedGroup(call, "Done")
}

// AddOf recognises (*sync.WaitGroup).Add or Add on a WaitGroup-like
// value and returns the group's address.
func AddOf(instr ssa.Instruction) (ssa.Value, bool) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return nil, false
	}
	if len(call.Call.Args) > 0 && ssautil.CalleeName(&call.Call) == waitGroupAdd {
		return call.Call.Args[0], true
	}
	return wrappedGroup(&call.Call, "Add")
}
