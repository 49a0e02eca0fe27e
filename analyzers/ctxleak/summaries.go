package ctxleak

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Effect says what a function does with a cancel function passed as
// one of its parameters.
type Effect uint8

const (
	// Hands: it hands the cancel on (stores, returns or sends it,
	// captures it in a closure, passes it where we cannot see), or we
	// do not know. Callers count the call as handing the cancel on.
	// The zero value, so that a missing summary is the safe one.
	Hands Effect = iota
	// Always: it calls the cancel on every path to a return.
	Always
	// Some: it calls the cancel on some paths only.
	Some
	// Never: it neither calls the cancel nor hands it on.
	Never
)

// CancelParams records, for each parameter (the receiver first), what
// the function does with a cancel function passed there, so that
// callers in other packages see through it. One byte per parameter:
// the fact's size does not grow with call depth.
type CancelParams struct{ Effects []Effect }

// AFact marks CancelParams as a fact.
func (*CancelParams) AFact() {}

func (f *CancelParams) String() string {
	var parts []string
	for i, e := range f.Effects {
		switch e {
		case Always:
			parts = append(parts, fmt.Sprintf("calls param %d on every path", i))
		case Some:
			parts = append(parts, fmt.Sprintf("calls param %d on some paths", i))
		case Never:
			parts = append(parts, fmt.Sprintf("never calls param %d", i))
		}
	}
	return strings.Join(parts, ", ")
}

// maxRounds bounds the bottom-up iteration over the package's
// functions; a summary still changing after it (deep recursion) keeps
// its last value, which callers read as conservatively as any other.
const maxRounds = 8

// summarise computes what each function of the package with a
// parameter that can hold a cancel does with it, repeating until the
// summaries stop changing (callees first, recursion included), and
// exports those of exported functions as facts.
func (c *checker) summarise(funcs []*ssa.Function) {
	c.effects = map[*ssa.Function][]Effect{}
	var todo []*ssa.Function
	for _, fn := range funcs {
		if len(fn.Blocks) > 0 && slices.ContainsFunc(fn.Params, func(p *ssa.Parameter) bool { return cancelLike(p.Type()) }) {
			todo = append(todo, fn)
		}
	}
	for round := 0; round < maxRounds; round++ {
		changed := false
		for _, fn := range todo {
			if e := c.summary(fn); !slices.Equal(e, c.effects[fn]) {
				c.effects[fn] = e
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for _, fn := range todo {
		obj, ok := fn.Object().(*types.Func)
		if e := c.effects[fn]; ok && obj.Exported() && obj.Pkg() == c.pass.Pkg && e != nil {
			c.pass.ExportObjectFact(obj, &CancelParams{Effects: e})
		}
	}
}

// summary is fn's effect on each parameter, or nil when every one is
// Hands.
func (c *checker) summary(fn *ssa.Function) []Effect {
	effects := make([]Effect, len(fn.Params))
	informative := false
	for i, p := range fn.Params {
		if cancelLike(p.Type()) {
			effects[i] = c.paramEffect(fn, p)
			informative = informative || effects[i] != Hands
		}
	}
	if !informative {
		return nil
	}
	return effects
}

// paramEffect classifies what fn does with the cancel p.
func (c *checker) paramEffect(fn *ssa.Function, p *ssa.Parameter) Effect {
	u := c.usesOf(p)
	switch {
	case u.handed:
		return Hands
	case len(u.uses) == 0 && len(u.partial) == 0:
		return Never
	case len(u.uses) == 0:
		return Some
	}
	// Once a context is done, the helper need not cancel it (a watcher
	// that returns on <-ctx.Done() without calling cancel leaks nothing:
	// the context was cancelled, or its parent was).
	u.doneEnds = true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW && isDoneChan(recv.X) {
				u.uses[recv] = true
			}
		}
	}
	if c.returnWithoutUse(fn.Blocks[0], 0, u) != nil {
		return Some
	}
	return Always
}

// isDoneChan reports whether ch is ctx.Done() for a context.Context.
func isDoneChan(ch ssa.Value) bool {
	call, ok := ch.(*ssa.Call)
	return ok && call.Call.IsInvoke() && call.Call.Method.Name() == "Done" && ssautil.IsContext(call.Call.Value.Type())
}

// doneCase returns the successor of b taken when a select's case
// receiving from ctx.Done() runs, or -1.
func doneCase(b *ssa.BasicBlock) int {
	sel, i, ok := hb.SelectCase(b)
	if ok && sel.States[i].Dir == types.RecvOnly && isDoneChan(sel.States[i].Chan) {
		return 0
	}
	return -1
}

// cancelLike reports whether a value of type t can hold a cancel
// function: func() (context.CancelFunc) or func(error)
// (context.CancelCauseFunc).
func cancelLike(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Results().Len() != 0 || sig.Variadic() {
		return false
	}
	switch sig.Params().Len() {
	case 0:
		return true
	case 1:
		return types.Identical(sig.Params().At(0).Type(), types.Universe.Lookup("error").Type())
	}
	return false
}

// argEffect is what call, made in caller, does with v, one of its
// arguments: the effects of every callee it may run on every argument
// position that holds v, combined (all Always is Always, all Never is
// Never, any Hands is Hands, other mixes are Some). A callee found
// through an interface or a field that code outside the package may
// also implement or set only counts when it calls the cancel.
func (c *checker) argEffect(caller *ssa.Function, call *ssa.CallCommon, v ssa.Value) Effect {
	callees := c.resolver.Callees(caller, call)
	var seen []Effect
	for _, callee := range callees {
		if callee.Kind == calls.Format {
			continue
		}
		// Passed twice: the callee calls it if it calls either.
		var here []Effect
		for i, arg := range callee.Args {
			if arg == v {
				here = append(here, c.paramEffectOf(callee.Fn, i))
			}
		}
		if len(here) > 0 {
			seen = append(seen, strongest(here))
		}
	}
	e := combine(seen)
	if e != Always && e != Hands && !closedSite(call) {
		return Hands
	}
	return e
}

// closedSite reports whether every function call may run is known to
// the package: a static call, a function value in a local, or one in
// an unexported field or behind an unexported interface method (code
// outside the package can neither set the one nor implement the other).
func closedSite(call *ssa.CallCommon) bool {
	if call.IsInvoke() {
		return !call.Method.Exported()
	}
	if load, ok := call.Value.(*ssa.UnOp); ok {
		if fa, ok := load.X.(*ssa.FieldAddr); ok {
			f := fieldOf(fa)
			return f != nil && !f.Exported()
		}
	}
	return true
}

// strongest is what a function does with a cancel it gets as several
// parameters: it hands it on, or calls it, if it does with any.
func strongest(effects []Effect) Effect {
	for _, e := range []Effect{Hands, Always, Some} {
		if slices.Contains(effects, e) {
			return e
		}
	}
	return Never
}

// combine is what a call that may run any of several functions does
// with a cancel each gets.
func combine(effects []Effect) Effect {
	if len(effects) == 0 || slices.Contains(effects, Hands) {
		return Hands
	}
	for _, e := range effects[1:] {
		if e != effects[0] {
			return Some
		}
	}
	return effects[0]
}

// paramEffectOf is what fn does with a cancel passed as its i'th
// parameter: from this package's summaries or an imported fact.
func (c *checker) paramEffectOf(fn *ssa.Function, i int) Effect {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if e, ok := c.effects[fn]; ok {
		if i < len(e) {
			return e[i]
		}
		return Hands
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return Hands
	}
	var fact CancelParams
	if c.pass.ImportObjectFact(obj, &fact) && i < len(fact.Effects) {
		return fact.Effects[i]
	}
	return Hands
}

// nilEdge returns the successor of b taken when one of vals is nil
// (if b ends in a comparison of it with nil), or -1. A cancel made by
// a constructor is never nil, and a helper that calls its parameter
// only when it is not nil calls every cancel it is given.
func nilEdge(b *ssa.BasicBlock, vals map[ssa.Value]bool) int {
	if len(b.Instrs) == 0 {
		return -1
	}
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return -1
	}
	cmp, ok := ifInstr.Cond.(*ssa.BinOp)
	if !ok || !comparesNil(cmp, vals) {
		return -1
	}
	if cmp.Op == token.EQL {
		return 0
	}
	return 1
}

// comparesNil reports whether cmp is v == nil or v != nil for one of
// vals.
func comparesNil(cmp *ssa.BinOp, vals map[ssa.Value]bool) bool {
	if cmp.Op != token.EQL && cmp.Op != token.NEQ {
		return false
	}
	isNil := func(v ssa.Value) bool {
		k, ok := v.(*ssa.Const)
		return ok && k.IsNil()
	}
	return vals[cmp.X] && isNil(cmp.Y) || vals[cmp.Y] && isNil(cmp.X)
}

// calleeName names what a call runs, for related information.
func calleeName(call *ssa.CallCommon) string {
	if fn := call.StaticCallee(); fn != nil {
		return fn.Name()
	}
	if call.IsInvoke() {
		return call.Method.Name()
	}
	if load, ok := call.Value.(*ssa.UnOp); ok {
		if fa, ok := load.X.(*ssa.FieldAddr); ok {
			if f := fieldOf(fa); f != nil {
				return f.Name()
			}
		}
	}
	return "the function called here"
}
