package hb

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Cancels pairs each context a package keeps in a field or variable
// that only its cancel function can end with where it keeps that
// function: for ctx, cancel := context.WithCancel(context.Background())
// stored in s.ctx and s.cancel, the class of s.ctx maps to that of
// s.cancel. A context stored from anywhere else (a parameter, a parent
// that can end, a deadline) has no entry: what ends it is not ours to
// see.
type Cancels struct {
	fset *token.FileSet
	// byCtx maps a context's storage class to its cancel functions'; a
	// class also stored from elsewhere maps to nil.
	byCtx map[string][]string
}

// NewCancels indexes the contexts funcs store with their cancels.
func NewCancels(fset *token.FileSet, funcs []*ssa.Function) *Cancels {
	c := &Cancels{fset: fset, byCtx: map[string][]string{}}
	unknown := map[string]bool{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || !ssautil.IsContext(st.Val.Type()) {
					continue
				}
				class, ok := storedClass(fset, st)
				if !ok {
					continue
				}
				cancel, ok := cancelBeside(fset, st.Val)
				if !ok {
					unknown[class] = true
					continue
				}
				c.byCtx[class] = append(c.byCtx[class], cancel)
			}
		}
	}
	for class := range unknown {
		c.byCtx[class] = nil
	}
	return c
}

// storedClass names the field or variable a store writes.
func storedClass(fset *token.FileSet, st *ssa.Store) (string, bool) {
	ref, ok := access.RefOf(fset, st.Addr)
	return ref.Class, ok && ref.Class != ""
}

// cancelBeside returns the class of the storage the cancel function
// made with ctx is stored in, when ctx is the context result of a call
// that also returns a cancel function, and that function is stored in
// one field or variable only.
func cancelBeside(fset *token.FileSet, ctx ssa.Value) (string, bool) {
	ex, ok := ctx.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return "", false
	}
	call, ok := ex.Tuple.(*ssa.Call)
	if !ok || !CancelOnly(&call.Call) {
		return "", false
	}
	class := ""
	for _, ref := range *call.Referrers() {
		cancel, ok := ref.(*ssa.Extract)
		if !ok || cancel.Index != 1 {
			continue
		}
		for _, use := range *cancel.Referrers() {
			st, ok := use.(*ssa.Store)
			if !ok || st.Val != cancel {
				continue
			}
			c, ok := storedClass(fset, st)
			if !ok || class != "" && class != c {
				return "", false
			}
			class = c
		}
	}
	return class, class != ""
}

// CancelOnly reports whether call makes a context that only its cancel
// ends: context.WithCancel (or WithCancelCause) of a context that never
// ends.
func CancelOnly(call *ssa.CallCommon) bool {
	switch ssautil.CalleeName(call) {
	case "context.WithCancel", "context.WithCancelCause":
	default:
		return false
	}
	parent, ok := call.Args[0].(*ssa.Call)
	if !ok {
		return false
	}
	return neverEnds(&parent.Call)
}

// DoneCancels returns the classes of the cancel functions that close
// channel v, when v is ctx.Done() of a context kept in a field or
// variable whose every store pairs it with its cancel (else ok is
// false: who cancels it is not known).
func (c *Cancels) DoneCancels(v ssa.Value) ([]string, bool) {
	call, ok := v.(*ssa.Call)
	if !ok || !call.Call.IsInvoke() || call.Call.Method.Name() != "Done" || !ssautil.IsContext(call.Call.Value.Type()) {
		return nil, false
	}
	ref, ok := Storage(c.fset, call.Call.Value)
	if !ok || ref.Class == "" {
		return nil, false
	}
	cancels := c.byCtx[ref.Class]
	return cancels, len(cancels) > 0
}

// CancelsIn reports whether instr calls (or defers) a cancel function
// kept in one of the classes.
func (c *Cancels) CancelsIn(instr ssa.Instruction, classes map[string]bool) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	if _, isGo := call.(*ssa.Go); isGo {
		return false
	}
	common := call.Common()
	if common.IsInvoke() || common.StaticCallee() != nil {
		return false
	}
	ref, ok := Storage(c.fset, common.Value)
	return ok && classes[ref.Class]
}
