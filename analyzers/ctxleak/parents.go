package ctxleak

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
)

// A holder constructor often derives its context from one its caller
// passes (s.ctx, s.cancel = context.WithCancelCause(ctx)). When that
// caller's context can never be done (Background, or WithValue of it:
// quic-go's stream tests), the holder's cancel is inert there as in
// inertCancel: dropping the holder frees everything with it. Each
// holder records which parameter its context's parent is, and callers
// (through the CancelHolder fact in other packages) check the argument.
// A constructor that starts a goroutine records none: the goroutine may
// wait on the context, and only the cancel would end it.

// parentParam returns the 1-based index of fn's parameter that the
// context behind cancel v derives from, through WithValue only (as
// neverDone follows it); 0 when none.
func parentParam(fn *ssa.Function, v ssa.Value) int {
	ext, ok := v.(*ssa.Extract)
	if !ok {
		return 0
	}
	call, ok := ext.Tuple.(*ssa.Call)
	if !ok || len(call.Call.Args) == 0 {
		return 0
	}
	switch contextFunc(&call.Call) {
	case "WithCancel", "WithCancelCause":
		return derivedFrom(fn, call.Call.Args[0])
	}
	return 0
}

// derivedFrom returns the 1-based index of fn's parameter ctx derives
// from (see parentParam), or 0.
func derivedFrom(fn *ssa.Function, ctx ssa.Value) int {
	for range 8 {
		if mi, ok := ctx.(*ssa.MakeInterface); ok {
			ctx = mi.X
		}
		switch v := ctx.(type) {
		case *ssa.Parameter:
			return slices.Index(fn.Params, v) + 1
		case *ssa.Call:
			switch contextFunc(&v.Call) {
			case "WithValue":
				if len(v.Call.Args) > 0 {
					ctx = v.Call.Args[0]
					continue
				}
			}
		}
		return 0
	}
	return 0
}

// inertHolder reports whether the holder a constructor returns at call
// has a context whose parent, the argument for h.parent, is never done.
func inertHolder(call *ssa.Call, h holderResult) bool {
	i := h.parent - 1
	return i >= 0 && i < len(call.Call.Args) && neverDone(call.Call.Args[i])
}

// holderParent returns the parent parameter of a holder fn makes with
// cancel v (see parentParam), 0 when fn starts a goroutine.
func holderParent(fn *ssa.Function, v ssa.Value) int {
	if startsGoroutine(fn) {
		return 0
	}
	return parentParam(fn, v)
}

// startsGoroutine reports whether fn, or a closure in it, starts a
// goroutine.
func startsGoroutine(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Go); ok {
				return true
			}
			if sp, ok := spawn.OfInstr(instr); ok && sp.Kind.Concurrent() {
				return true
			}
		}
	}
	return slices.ContainsFunc(fn.AnonFuncs, startsGoroutine)
}

// passedParent returns the 1-based index of fn's parameter a holder
// made at call derives its context from, through the constructor's own
// parent parameter; 0 when none.
func passedParent(fn *ssa.Function, call *ssa.Call, h holderResult) int {
	i := h.parent - 1
	if i < 0 || i >= len(call.Call.Args) || startsGoroutine(fn) {
		return 0
	}
	return derivedFrom(fn, call.Call.Args[i])
}
