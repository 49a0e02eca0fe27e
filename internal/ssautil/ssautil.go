// Package ssautil answers small questions about go/ssa code that
// several analyzers ask, so that each is written once.
package ssautil

import (
	"go/token"
	"go/types"

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
	return obj.Origin().FullName()
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
