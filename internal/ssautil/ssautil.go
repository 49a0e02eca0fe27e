// Package ssautil answers small questions about go/ssa code that
// several analyzers ask, so that each is written once.
package ssautil

import (
	"go/constant"
	"go/token"
	"go/types"
	"iter"
	"slices"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// CloseArg returns the channel that call closes, if it calls the
// builtin close.
func CloseArg(call *ssa.CallCommon) (ssa.Value, bool) {
	if b, ok := call.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(call.Args) == 1 {
		return call.Args[0], true
	}
	return nil, false
}

// Closes yields every call in fn to the builtin close, with the channel
// it closes, in block and instruction order.
func Closes(fn *ssa.Function) iter.Seq2[ssa.CallInstruction, ssa.Value] {
	return func(yield func(ssa.CallInstruction, ssa.Value) bool) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if ch, ok := CloseArg(call.Common()); ok && !yield(call, ch) {
					return
				}
			}
		}
	}
}

// MakerOf returns the one MakeClosure that creates the closure fn in
// its parent, or nil (fn is no closure, or is made in several places).
func MakerOf(fn *ssa.Function) *ssa.MakeClosure {
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	var found *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if found != nil {
					return nil
				}
				found = mc
			}
		}
	}
	return found
}

// Binding returns the value bound to fv, a variable its closure
// captures, where the closure is made (its one MakeClosure), or nil.
func Binding(fv *ssa.FreeVar) ssa.Value {
	i := slices.Index(fv.Parent().FreeVars, fv)
	mc := MakerOf(fv.Parent())
	if mc == nil || i < 0 || i >= len(mc.Bindings) {
		return nil
	}
	return mc.Bindings[i]
}

// IsOnceDo reports whether call is (*sync.Once).Do.
func IsOnceDo(call *ssa.CallCommon) bool { return CalleeName(call) == "(*sync.Once).Do" }

// CalleeName is the full name of the function call statically calls,
// "pkgpath.Func" or "(*pkgpath.T).Method", a generic one by its origin;
// "" for a dynamic call, a builtin or a function literal.
func CalleeName(call *ssa.CallCommon) string {
	fn := call.StaticCallee()
	if fn == nil {
		return ""
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return ""
	}
	return FullName(obj)
}

// fullNames caches FullName: names are asked for at every call the
// models visit, and go/types renders a name anew each time.
var fullNames sync.Map // *types.Func (an origin) → string

// FullName is the full name of fn's origin, "pkgpath.Func" or
// "(*pkgpath.T).Method".
func FullName(fn *types.Func) string {
	fn = fn.Origin()
	if name, ok := fullNames.Load(fn); ok {
		return name.(string)
	}
	name := fn.FullName()
	fullNames.Store(fn, name)
	return name
}

// ReturnOf returns the return that ends b, if b ends in one.
func ReturnOf(b *ssa.BasicBlock) (*ssa.Return, bool) {
	if len(b.Instrs) == 0 {
		return nil, false
	}
	ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
	return ret, ok
}

// Returns lists the blocks of fn that end in a return, but for the
// recover block, which only a panic reaches.
func Returns(fn *ssa.Function) []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if b == fn.Recover {
			continue
		}
		if _, ok := ReturnOf(b); ok {
			out = append(out, b)
		}
	}
	return out
}

// DominatesAll reports whether b dominates every block of blocks, of
// which there is at least one. With blocks the returns of b's function,
// b runs on every path that returns normally.
func DominatesAll(b *ssa.BasicBlock, blocks []*ssa.BasicBlock) bool {
	for _, x := range blocks {
		if !b.Dominates(x) {
			return false
		}
	}
	return len(blocks) > 0
}

// ReturnPos places a return: an implicit one, falling off the end of
// the function, at the closing brace.
func ReturnPos(fn *ssa.Function, ret *ssa.Return) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	if syntax := fn.Syntax(); syntax != nil && syntax.End().IsValid() {
		return syntax.End() - 1
	}
	return fn.Pos()
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == "context" && obj.Name() == "Context"
}

// HasContext reports whether fn has a context in scope: a parameter, a
// captured variable or a local. A goroutine given a context that
// blocks on a send its spawner can abandon is ctxleak's to report (its
// fix: select on ctx.Done()); chanleak reports the goroutines that have
// no context to consult, so a mistake is reported once.
func HasContext(fn *ssa.Function) bool {
	for _, p := range fn.Params {
		if IsContext(p.Type()) {
			return true
		}
	}
	for _, v := range fn.FreeVars {
		if p, ok := v.Type().(*types.Pointer); IsContext(v.Type()) || ok && IsContext(p.Elem()) {
			return true
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok && IsContext(v.Type()) {
				return true
			}
		}
	}
	return false
}

// ChanSize returns the buffer size a make(chan) gives, when it is a
// constant.
func ChanSize(m *ssa.MakeChan) (int64, bool) {
	if k, ok := m.Size.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
		return constant.Int64Val(k.Value)
	}
	return 0, false
}

// Unbuffered reports whether m makes a channel with no buffer.
func Unbuffered(m *ssa.MakeChan) bool {
	n, ok := ChanSize(m)
	return ok && n == 0
}

// ChanValue sees through a channel converted to one direction (a chan
// T passed as <-chan T or chan<- T): the same channel. Callee effects
// are named by it (internal/effects), so a caller looking one up names
// its argument the same way.
func ChanValue(v ssa.Value) ssa.Value {
	if ct, ok := v.(*ssa.ChangeType); ok {
		if _, isChan := ct.X.Type().Underlying().(*types.Chan); isChan {
			return ct.X
		}
	}
	return v
}

// WithInit returns funcs (a package's source functions) followed by
// the package's init and every closure in it, nested ones included: the
// initialisers of package-level variables (var _ = Describe("...",
// func() { ... }) in a ginkgo suite, a table of handlers) live there,
// not among the source functions, and a question about everything the
// package does must see them too. funcs itself is not modified.
func WithInit(pkg *ssa.Package, funcs []*ssa.Function) []*ssa.Function {
	out := funcs[:len(funcs):len(funcs)]
	var init *ssa.Function
	if pkg != nil {
		init = pkg.Func("init")
	}
	if init == nil {
		return out
	}
	var add func(*ssa.Function)
	add = func(f *ssa.Function) {
		out = append(out, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	add(init)
	return out
}
