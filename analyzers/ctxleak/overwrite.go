package ctxleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/report"
)

// reportLost reports a constructor call whose cancel result is never
// used: discarded, or assigned to a variable that a later assignment
// overwrites before anything reads it.
func (c *checker) reportLost(fn *ssa.Function, call *ssa.Call, name string) {
	if again := c.overwrittenAt(fn, call); again.IsValid() {
		c.reportf(call.Pos(), []analysis.RelatedInformation{report.Related(again, "cancel is overwritten here")},
			"the cancel function returned by %s is overwritten before it is called: the context's resources are held %s; call it (defer cancel()) before assigning a new one", name, heldUntil(name))
		return
	}
	c.reportf(call.Pos(), nil, "the cancel function returned by %s is discarded: the context's resources are held %s; call it (defer cancel()) once the context is no longer needed", name, heldUntil(name))
}

// overwrittenAt finds, for a constructor call whose cancel is never
// read, the next assignment in fn to the variable the cancel was
// assigned to; NoPos when it went to _ or nowhere.
func (c *checker) overwrittenAt(fn *ssa.Function, call *ssa.Call) token.Pos {
	v := c.cancelVar(call)
	if v == nil || fn.Syntax() == nil {
		return token.NoPos
	}
	again := token.NoPos
	ast.Inspect(fn.Syntax(), func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || again.IsValid() || as.Pos() <= call.Pos() {
			return !again.IsValid()
		}
		for _, lhs := range as.Lhs {
			if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == v {
				again = as.Pos()
			}
		}
		return !again.IsValid()
	})
	return again
}

// cancelVar returns the variable the constructor call's cancel result
// is assigned to (ctx, cancel := context.WithCancel(ctx)), if any.
func (c *checker) cancelVar(call *ssa.Call) *types.Var {
	for _, f := range c.pass.Files {
		if f.FileStart > call.Pos() || call.Pos() > f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, call.Pos(), call.Pos())
		for i, n := range path {
			ce, ok := n.(*ast.CallExpr)
			if !ok || ce.Lparen != call.Pos() {
				continue
			}
			for _, p := range path[i+1:] {
				if _, ok := p.(*ast.ParenExpr); ok {
					continue
				}
				as, ok := p.(*ast.AssignStmt)
				if !ok || len(as.Rhs) != 1 || len(as.Lhs) < 2 {
					return nil
				}
				index, _, _ := c.cancelIndex(call.Parent(), &call.Call)
				if index >= len(as.Lhs) {
					return nil
				}
				id, ok := ast.Unparen(as.Lhs[index]).(*ast.Ident)
				if !ok || id.Name == "_" {
					return nil
				}
				v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
				return v
			}
		}
		return nil
	}
	return nil
}
