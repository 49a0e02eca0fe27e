package ctxleak

import (
	"go/ast"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// checkCancels reports constructor calls in fn whose cancel function is
// discarded or not used on every path to a return, and cancels
// deferred inside a loop.
func (c *checker) checkCancels(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			index, name, ok := c.cancelIndex(fn, &call.Call)
			if !ok {
				continue
			}
			c.checkCall(fn, call, index, name)
		}
	}
}

func (c *checker) checkCall(fn *ssa.Function, call *ssa.Call, index int, name string) {
	var cancel *ssa.Extract
	if refs := call.Referrers(); refs != nil {
		for _, r := range *refs {
			if ext, ok := r.(*ssa.Extract); ok && ext.Index == index {
				cancel = ext
			}
		}
	}
	if cancel == nil || len(*cancel.Referrers()) == 0 {
		// Discarded; it matters only if the function can return (a
		// function that always panics or exits leaks nothing).
		if c.returnAfter(call, &cancelUses{}) != nil {
			c.reportLost(fn, call, name)
		}
		return
	}
	u := c.usesOf(cancel)
	for _, d := range u.deferred {
		if c.deferredInEndlessLoop(d) {
			c.reportf(d.Pos(), []analysis.RelatedInformation{report.Related(call.Pos(), "context made here")},
				"cancel is deferred inside a loop: every iteration's context stays alive until the function returns; call cancel at the end of the iteration, or move the loop body into a function")
		}
	}
	if ret := c.returnAfter(call, u); ret != nil {
		what := "is not called on every path"
		if len(u.uses) == 0 && len(u.partial) == 0 {
			what = "is never called"
		}
		related := []analysis.RelatedInformation{report.Related(returnPos(fn, ret), "this return is reached without calling or handing on cancel")}
		for _, p := range u.partial {
			related = append(related, report.Related(p.Pos(), "%s calls cancel on some paths only", calleeName(p.Common())))
		}
		for _, p := range u.never {
			related = append(related, report.Related(p.Pos(), "%s never calls cancel", calleeName(p.Common())))
		}
		c.reportf(call.Pos(), related,
			"the cancel function returned by %s %s: the context's resources are held %s; defer cancel() right after %s", name, what, heldUntil(name), name)
	}
}

// cancelUses sorts the instructions that use a cancel function.
type cancelUses struct {
	// uses call the cancel, or hand it on: a path through one is safe.
	uses map[ssa.Instruction]bool
	// handed: some use hands the cancel on (stores, returns or sends
	// it, passes it where we cannot see).
	handed bool
	// partial calls a function that calls the cancel on some paths
	// only; never calls one that never calls it. Neither is a use.
	partial, never []ssa.CallInstruction
	// deferred are the defers that call the cancel, directly or in a
	// function that calls it.
	deferred []*ssa.Defer
	// doneEnds: a path on which a context is seen done needs no cancel
	// (for the summary of a helper; see paramEffect).
	doneEnds bool
	// values holds the cancel and the values that carry it: phis,
	// conversions, loads of a local variable holding it.
	values map[ssa.Value]bool
}

// usesOf sorts the uses of cancel: every use of the value or of a
// local variable holding it, except stores into that variable and
// comparisons with nil.
func (c *checker) usesOf(cancel ssa.Value) *cancelUses {
	u := &cancelUses{uses: map[ssa.Instruction]bool{}, values: map[ssa.Value]bool{}}
	var follow func(v ssa.Value)
	follow = func(v ssa.Value) {
		if u.values[v] || v.Referrers() == nil {
			return
		}
		u.values[v] = true
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi, *ssa.ChangeType, *ssa.MakeInterface:
				follow(r.(ssa.Value))
			case *ssa.Store:
				if alloc, ok := r.Addr.(*ssa.Alloc); ok && r.Val == v && !escapes(alloc) {
					// A local variable: its loads are the value.
					for _, ar := range *alloc.Referrers() {
						if load, ok := ar.(*ssa.UnOp); ok && load.Op == token.MUL {
							follow(load)
						}
					}
					continue
				}
				u.hand(r) // stored in a field, a global, a captured variable
			case *ssa.BinOp:
				if !comparesNil(r, u.values) {
					u.hand(r)
				}
			case ssa.CallInstruction:
				c.callUse(u, r, v)
			default:
				u.hand(r)
			}
		}
	}
	follow(cancel)
	return u
}

func (u *cancelUses) hand(instr ssa.Instruction) {
	u.uses[instr] = true
	u.handed = true
}

// callUse sorts a call that uses v: a call of v itself, or of a
// function v is passed to, by what that function does with it.
func (c *checker) callUse(u *cancelUses, call ssa.CallInstruction, v ssa.Value) {
	common := call.Common()
	effect := Always
	if common.IsInvoke() || common.Value != v {
		effect = c.argEffect(call.Parent(), common, v)
	}
	d, deferred := call.(*ssa.Defer)
	switch effect {
	case Always:
		u.uses[call] = true
	case Some:
		u.partial = append(u.partial, call)
	case Never:
		u.never = append(u.never, call)
	default:
		u.hand(call)
		return
	}
	if deferred && effect != Never {
		u.deferred = append(u.deferred, d)
	}
}

// escapes reports whether a local variable is captured by a closure or
// its address otherwise leaves the function: then a store to it hands
// the value on.
func escapes(alloc *ssa.Alloc) bool {
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc {
				return true
			}
		case *ssa.UnOp:
		default:
			return true
		}
	}
	return false
}

// heldUntil says how long a context made by constructor lives without
// its cancel: until its parent is done, or its deadline passes for the
// context package's timeout and deadline constructors. A constructor of
// the user's (a wrapper) may or may not set a deadline.
func heldUntil(constructor string) string {
	switch constructor {
	case "context.WithCancel", "context.WithCancelCause", "signal.NotifyContext":
		return "until its parent is done"
	case "context.WithTimeout", "context.WithTimeoutCause", "context.WithDeadline", "context.WithDeadlineCause":
		return "until its deadline passes or its parent is done"
	}
	return "until its parent is done or its deadline, if it has one, passes"
}

// returnAfter finds a return reachable from call on a path with no
// use of the cancel and no call that never returns.
func (c *checker) returnAfter(call *ssa.Call, u *cancelUses) *ssa.Return {
	start := call.Block()
	return c.returnWithoutUse(start, slices.Index(start.Instrs, ssa.Instruction(call))+1, u)
}

// returnWithoutUse finds a return reachable from instruction from of
// block start on a path with no use in u and no call that never
// returns; a branch on the cancel being nil is not followed (the
// cancel is not nil). It looks at each block once, in constant time
// (the block's first never-returning call is memoised per function,
// the uses are indexed by block), so a function with many contexts
// costs contexts × blocks, not contexts × instructions.
func (c *checker) returnWithoutUse(start *ssa.BasicBlock, from int, u *cancelUses) *ssa.Return {
	// firstUse maps each block holding a use to the use's index (the
	// last one in the start block that matters is after from).
	firstUse := make(map[*ssa.BasicBlock]int, len(u.uses))
	for instr := range u.uses {
		b := instr.Block()
		if b == nil {
			continue
		}
		i := slices.Index(b.Instrs, instr)
		if b == start && i < from {
			continue // before the start: not on a path from it
		}
		if j, ok := firstUse[b]; !ok || i < j {
			firstUse[b] = i
		}
	}
	stops := func(b *ssa.BasicBlock, from int) bool {
		if i, ok := firstUse[b]; ok && i >= from {
			return true
		}
		return c.firstNoReturn(b) >= from
	}
	var found *ssa.Return
	forward(start, from, func(b *ssa.BasicBlock, from int) bool {
		if found != nil || stops(b, from) {
			return false
		}
		if n := len(b.Instrs); n > from {
			if ret, ok := b.Instrs[n-1].(*ssa.Return); ok {
				found = ret
				return false
			}
		}
		return true
	}, func(b *ssa.BasicBlock) func(int) bool {
		skip, done := nilEdge(b, u.values), -1
		if u.doneEnds {
			done = doneCase(b)
		}
		return func(i int) bool { return !(i == 1 && noCaseLeft(b) || i == skip || i == done) }
	})
	return found
}

// forward walks the blocks reachable from instruction from of start,
// each once (start again from its first instruction if a loop leads
// back to it): visit looks at a block from an instruction on and says
// whether to go on to its successors; edges, if not nil, says which of
// them to follow.
func forward(start *ssa.BasicBlock, from int, visit func(b *ssa.BasicBlock, from int) bool, edges func(b *ssa.BasicBlock) func(i int) bool) {
	type item struct {
		b    *ssa.BasicBlock
		from int
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := []item{{start, from}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if !visit(it.b, it.from) {
			continue
		}
		follow := func(int) bool { return true }
		if edges != nil {
			follow = edges(it.b)
		}
		for i, succ := range it.b.Succs {
			if follow(i) && !seen[succ] {
				seen[succ] = true
				work = append(work, item{succ, 0})
			}
		}
	}
}

// firstNoReturn is the index of b's first call that never returns, or
// -1; memoised, since every cancel's path search asks it again.
func (c *checker) firstNoReturn(b *ssa.BasicBlock) int {
	if i, ok := c.noReturnAt[b]; ok {
		return i
	}
	i := slices.IndexFunc(b.Instrs, ssautil.NeverReturns)
	if c.noReturnAt == nil {
		c.noReturnAt = make(map[*ssa.BasicBlock]int)
	}
	c.noReturnAt[b] = i
	return i
}

// noCaseLeft reports whether b tests the last case of a blocking
// select: its false branch ("no case matched") cannot run, since a
// blocking select always runs one of its cases.
func noCaseLeft(b *ssa.BasicBlock) bool {
	sel, i, ok := hb.SelectCase(b)
	return ok && sel.Blocking && i == len(sel.States)-1
}

// returnPos locates a return; an implicit one at the end of the body
// is placed at its closing brace.
func returnPos(fn *ssa.Function, ret *ssa.Return) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	}
	return fn.Pos()
}
