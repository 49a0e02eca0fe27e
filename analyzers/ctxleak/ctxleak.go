package ctxleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssabuild"
	"github.com/concurlint/concurlint/internal/ssautil"
)

//go:embed doc.go
var doc string

// Analyzer reports lost cancel functions and goroutines that ignore
// their context.
var Analyzer = report.Wrap(&analysis.Analyzer{
	Name:      "ctxleak",
	Doc:       analysisdoc.MustExtract(doc, "ctxleak"),
	URL:       "https://github.com/concurlint/concurlint/tree/main/analyzers/ctxleak",
	Requires:  []*analysis.Analyzer{ssabuild.Analyzer, spawn.Analyzer, effects.Analyzer},
	FactTypes: []analysis.Fact{new(CancelResult), new(CancelParams), new(CancelHolder)},
	Run:       run,
})

// CancelResult marks a function that returns a fresh cancel function
// (from a context constructor) as its result Index: callers must call
// or hand it on, as with context.WithCancel.
type CancelResult struct{ Index int }

// AFact marks CancelResult as a fact.
func (*CancelResult) AFact() {}

func (f *CancelResult) String() string { return fmt.Sprintf("returns cancel as result %d", f.Index) }

// constructors maps the standard constructors to their cancel result.
var constructors = map[string]int{
	"context.WithCancel":        1,
	"context.WithCancelCause":   1,
	"context.WithTimeout":       1,
	"context.WithTimeoutCause":  1,
	"context.WithDeadline":      1,
	"context.WithDeadlineCause": 1,
	"os/signal.NotifyContext":   1,
}

func run(pass *analysis.Pass) (any, error) {
	if ssabuild.IsStd(pass) || !importsContext(pass.Pkg) && len(pass.AllObjectFacts()) == 0 {
		return nil, nil
	}
	c := &checker{pass: pass, local: map[*ssa.Function]int{}}
	// Most packages that import context never make one: they need no
	// SSA (the goroutine check works on syntax).
	// A package that declares a helper taking a cancel needs it too,
	// to export the helper's summary.
	if makes := c.makesContexts(); makes || c.exportsCancelHelper() {
		lazy := pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy)
		prog := lazy.Get()
		c.resolver = lazy.Resolver()
		c.findWrappers(prog.SrcFuncs)
		c.summarise(prog.SrcFuncs)
		if makes {
			for _, fn := range prog.SrcFuncs {
				if !exempt(fn) {
					c.checkCancels(fn)
				}
			}
			c.checkFields(prog.SrcFuncs)
			c.findHolders(prog.SrcFuncs)
			for _, fn := range prog.SrcFuncs {
				if !exempt(fn) {
					c.checkHolders(fn)
				}
			}
		}
	}
	c.checkGoroutines()
	c.checkAllStranded()
	return nil, nil
}

// makesContexts reports whether the package calls a constructor that
// returns a cancel function (a standard one or an imported wrapper), or
// an imported function that returns an object holding one.
func (c *checker) makesContexts() bool {
	found := false
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
			if !ok {
				return true
			}
			if _, ok := constructors[fn.Origin().FullName()]; ok {
				found = true
			} else if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && (c.pass.ImportObjectFact(fn.Origin(), new(CancelResult)) || c.pass.ImportObjectFact(fn.Origin(), new(CancelHolder))) {
				found = true
			}
			return !found
		})
	}
	return found
}

// exportsCancelHelper reports whether the package declares an
// exported function or method with a context.CancelFunc (or
// CancelCauseFunc) parameter: its summary is exported for callers in
// other packages. A plain func() parameter is not enough: building SSA
// for every package with a callback parameter would slow go vet down,
// and a helper without a summary is read as handing the cancel on.
func (c *checker) exportsCancelHelper() bool {
	for _, obj := range c.pass.TypesInfo.Defs {
		fn, ok := obj.(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			if isCancelFunc(params.At(i).Type()) {
				return true
			}
		}
	}
	return false
}

// isCancelFunc reports whether t is context.CancelFunc or
// context.CancelCauseFunc.
func isCancelFunc(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "context" {
		return false
	}
	return named.Obj().Name() == "CancelFunc" || named.Obj().Name() == "CancelCauseFunc"
}

func importsContext(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if imp.Path() == "context" || imp.Path() == "os/signal" {
			return true
		}
	}
	return false
}

// exempt reports main.main and init functions: the process ends (or
// the program has not started) when they return.
func exempt(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Pkg == nil || fn.Signature.Recv() != nil {
		return false // a closure, or a method (one may be named init)
	}
	if fn.Name() == "init" || len(fn.Name()) > 5 && fn.Name()[:5] == "init#" {
		return true
	}
	return fn.Name() == "main" && fn.Pkg.Pkg.Name() == "main"
}

type checker struct {
	pass *analysis.Pass
	// local maps this package's cancel-returning functions to the
	// result index of the cancel.
	local map[*ssa.Function]int
	// fresh memoises isFreshCancel.
	fresh map[ssa.Value]bool
	// effects summarises what the package's functions do with the
	// cancel functions passed to them, per parameter.
	effects map[*ssa.Function][]Effect
	// resolver finds the functions a call may run.
	resolver *calls.Resolver
	// holders maps the package's holder constructors to their result;
	// keeps answers whether a callee keeps a holder.
	holders map[*ssa.Function]holderResult
	keeps   *publish.Query
	// fields holds what the field checks learn about the package.
	fields fieldState
	// noReturnAt memoises firstNoReturn.
	noReturnAt map[*ssa.BasicBlock]int
}

// cancelIndex reports whether call, made in caller, constructs a
// context with a cancel function, and which result is the cancel: a
// constructor called directly, or every function a call through an
// interface, a field or a local may run.
func (c *checker) cancelIndex(caller *ssa.Function, call *ssa.CallCommon) (int, string, bool) {
	if callee := call.StaticCallee(); callee != nil {
		return c.constructorIndex(callee)
	}
	if c.resolver == nil || call.IsInvoke() && call.Method.Type().(*types.Signature).Results().Len() < 2 {
		return 0, "", false
	}
	index := -1
	for _, callee := range c.resolver.Callees(caller, call) {
		if callee.Kind == calls.Format {
			continue
		}
		i, _, ok := c.constructorIndex(callee.Fn)
		if !ok || index >= 0 && i != index {
			return 0, "", false
		}
		index = i
	}
	return index, calleeName(call), index >= 0
}

// constructorIndex reports whether callee returns a fresh cancel
// function, and as which result.
func (c *checker) constructorIndex(callee *ssa.Function) (int, string, bool) {
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if i, ok := c.local[callee]; ok {
		return i, callee.Name(), true
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return 0, "", false
	}
	if i, ok := constructors[obj.FullName()]; ok {
		return i, obj.Pkg().Name() + "." + obj.Name(), true
	}
	var fact CancelResult
	if obj.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(obj, &fact) {
		return fact.Index, obj.Pkg().Name() + "." + obj.Name(), true
	}
	return 0, "", false
}

// findWrappers finds the package's functions that return a fresh
// cancel function and exports them as facts; wrappers of wrappers are
// found by repeating until nothing changes.
func (c *checker) findWrappers(funcs []*ssa.Function) {
	for changed := true; changed; {
		changed = false
		c.fresh = nil // a newly found wrapper changes the answers
		for _, fn := range funcs {
			if _, ok := c.local[fn]; ok || fn.Signature.Results().Len() < 2 {
				continue
			}
			if i, ok := c.returnsCancel(fn); ok {
				c.local[fn] = i
				changed = true
			}
		}
	}
	for fn, i := range c.local {
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == c.pass.Pkg {
			c.pass.ExportObjectFact(obj, &CancelResult{Index: i})
		}
	}
}

// returnsCancel reports whether every return of fn returns, at one
// result index, a cancel function fn made by a constructor call.
func (c *checker) returnsCancel(fn *ssa.Function) (int, bool) {
	index := -1
	for _, b := range fn.Blocks {
		ret, ok := ssautil.ReturnOf(b)
		if !ok {
			continue
		}
		found := -1
		for i, v := range ret.Results {
			if c.isFreshCancel(v) {
				found = i
			}
		}
		if found < 0 || (index >= 0 && found != index) {
			return 0, false
		}
		index = found
	}
	return index, index >= 0
}

// isFreshCancel reports whether v is the cancel result of a constructor
// call in its function, possibly through a local variable.
func (c *checker) isFreshCancel(v ssa.Value) bool {
	if c.fresh == nil {
		c.fresh = map[ssa.Value]bool{}
	}
	return c.freshCancel(v)
}

// freshCancel memoises per value: a variable assigned from itself, or
// many variables assigned from each other, must not be explored twice.
func (c *checker) freshCancel(v ssa.Value) bool {
	if known, ok := c.fresh[v]; ok {
		return known
	}
	c.fresh[v] = false // in progress
	result := false
	switch v := v.(type) {
	case *ssa.ChangeType:
		result = c.freshCancel(v.X)
	case *ssa.UnOp:
		// A variable (one a closure captures: others are lifted to
		// registers) is fresh when every store that reaches the load
		// is. A function that returns it nil on an error path is not a
		// constructor: its callers call the cancel on success only.
		if alloc, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL && onlyStoredHere(alloc) {
			stores, zero := reachingStores(alloc, v)
			result = !zero && len(stores) > 0
			for _, st := range stores {
				result = result && c.freshCancel(st.Val)
			}
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			i, _, ok := c.cancelIndex(call.Parent(), &call.Call)
			result = ok && i == v.Index
		}
	}
	c.fresh[v] = result
	return result
}

// onlyStoredHere reports whether the variable alloc is written only by
// its own function's stores: closures that capture it only read it, and
// its address goes nowhere else.
func onlyStoredHere(alloc *ssa.Alloc) bool {
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc {
				return false // the address itself is stored
			}
		case *ssa.UnOp:
		case *ssa.MakeClosure:
			if !closureOnlyReads(r, alloc) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// closureOnlyReads reports whether the closure mc only loads the
// variable alloc it captures.
func closureOnlyReads(mc *ssa.MakeClosure, alloc *ssa.Alloc) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for i, b := range mc.Bindings {
		if b != alloc {
			continue
		}
		if i >= len(fn.FreeVars) {
			return false
		}
		for _, r := range *fn.FreeVars[i].Referrers() {
			if load, ok := r.(*ssa.UnOp); !ok || load.Op != token.MUL {
				return false
			}
		}
	}
	return true
}

// reachingStores returns the stores to alloc that the load may read,
// searching back from it, and whether the variable's zero value (no
// store since the allocation) may reach it.
func reachingStores(alloc *ssa.Alloc, load ssa.Instruction) (stores []*ssa.Store, zero bool) {
	seen := map[*ssa.BasicBlock]bool{}
	// scan looks back from instrs[:end] of b; false means: go on to
	// b's predecessors.
	scan := func(b *ssa.BasicBlock, end int) bool {
		for i := end - 1; i >= 0; i-- {
			switch instr := b.Instrs[i].(type) {
			case *ssa.Store:
				if instr.Addr == alloc {
					stores = append(stores, instr)
					return true
				}
			case *ssa.Alloc:
				if instr == alloc {
					zero = true
					return true
				}
			}
		}
		return false
	}
	type item struct {
		b   *ssa.BasicBlock
		end int
	}
	work := []item{{load.Block(), slices.Index(load.Block().Instrs, load)}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if scan(it.b, it.end) {
			continue
		}
		if len(it.b.Preds) == 0 {
			zero = true // the entry, with no allocation seen: stay safe
		}
		for _, p := range it.b.Preds {
			if !seen[p] {
				seen[p] = true
				work = append(work, item{p, len(p.Instrs)})
			}
		}
	}
	return stores, zero
}

func (c *checker) reportf(pos token.Pos, related []analysis.RelatedInformation, format string, args ...any) {
	report.Report(c.pass, analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Related: related})
}
