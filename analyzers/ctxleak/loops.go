package ctxleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
)

// deferredInEndlessLoop reports whether d defers a cancel inside a loop
// that can run without bound (for {}, a condition with no count, a
// range over a channel or over an iterator function): there the
// deferred cancels, and the contexts they hold, pile up for as long as
// the loop runs. A counted loop (a range over a slice, map, string or
// integer, for i := 0; i < n; i++), such as a test's table, holds a
// known number of them until the function returns: that is not
// reported.
func (c *checker) deferredInEndlessLoop(d *ssa.Defer) bool {
	fn := d.Parent()
	_, yield := fn.Syntax().(*ast.RangeStmt) // a range-over-func body
	if !yield && !hb.InLoop(d.Block()) {
		return false
	}
	loops := c.loopsAround(d.Pos())
	if len(loops) == 0 {
		return !c.testCode(fn) // a loop made with goto
	}
	endless := false
	for _, l := range loops {
		if c.benchmarkLoop(l) {
			return true
		}
		endless = endless || !c.counted(l)
	}
	// A test's poll loop ends with the test: the contexts it piles up
	// live for the test's few seconds, and each timeout frees its own
	// at the deadline. Not worth a report; a benchmark's loop is.
	return endless && !c.testCode(fn)
}

// testCode reports whether fn is test code: it is in a _test.go file,
// or it (or the function it is declared in) takes a *testing.T, B or
// F or a testing.TB, or is a method of a test harness: a struct that
// holds one.
func (c *checker) testCode(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if locks.IsTestFile(c.pass.Fset, fn.Pos()) {
		return true
	}
	for _, p := range fn.Params {
		if isTesting(p.Type()) {
			return true
		}
	}
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		if ptr, ok := t.Underlying().(*types.Pointer); ok {
			t = ptr.Elem()
		}
		if st, ok := t.Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if isTesting(st.Field(i).Type()) {
					return true
				}
			}
		}
	}
	return false
}

// isTesting reports whether t is *testing.T, *testing.B, *testing.F or
// testing.TB.
func isTesting(t types.Type) bool {
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch named.Obj().Name() {
	case "T", "B", "F", "TB":
		return true
	}
	return false
}

// benchmarkLoop reports whether loop is a benchmark's: over b.N, or
// for b.Loop(). The testing package raises b.N until the run takes a
// second, often to millions: no count to rely on.
func (c *checker) benchmarkLoop(loop ast.Stmt) bool {
	switch l := loop.(type) {
	case *ast.RangeStmt:
		return c.benchmarkN(l.X)
	case *ast.ForStmt:
		if l.Cond == nil {
			return false
		}
		if call, ok := ast.Unparen(l.Cond).(*ast.CallExpr); ok {
			if fn := typeutil.Callee(c.pass.TypesInfo, call); fn != nil && fn.Name() == "Loop" && fn.Pkg() != nil && fn.Pkg().Path() == "testing" {
				return true
			}
		}
		return c.benchmarkN(l.Cond)
	}
	return false
}

// loopsAround returns the for and range statements around pos, up to
// the enclosing function literal or declaration.
func (c *checker) loopsAround(pos token.Pos) []ast.Stmt {
	for _, f := range c.pass.Files {
		if f.FileStart > pos || pos > f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		var loops []ast.Stmt
		for _, n := range path {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.FuncDecl:
				return loops
			case *ast.ForStmt, *ast.RangeStmt:
				loops = append(loops, n.(ast.Stmt))
			}
		}
		return loops
	}
	return nil
}

// counted reports whether loop runs a bounded number of times: a range
// over a collection or an integer (or over the standard library's
// iterators on them), or a three-clause loop whose condition compares
// the variable its post statement steps.
func (c *checker) counted(loop ast.Stmt) bool {
	switch l := loop.(type) {
	case *ast.RangeStmt:
		t := c.pass.TypesInfo.TypeOf(l.X)
		if t == nil {
			return true // unknown: stay silent
		}
		switch t.Underlying().(type) {
		case *types.Chan:
			return false
		case *types.Signature:
			return c.stdIterator(l.X)
		}
		return true
	case *ast.ForStmt:
		v := steppedVar(c.pass.TypesInfo, l.Post)
		return v != nil && l.Cond != nil && testsVar(c.pass.TypesInfo, l.Cond, v)
	}
	return true
}

// benchmarkN reports whether e mentions the N field of a *testing.B.
func (c *checker) benchmarkN(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if ok && sel.Sel.Name == "N" {
			if v, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Var); ok && v.IsField() && v.Pkg() != nil && v.Pkg().Path() == "testing" {
				found = true
			}
		}
		return !found
	})
	return found
}

// stdIterator reports whether x is a call to a standard library
// function (slices.Values, maps.Keys, strings.SplitSeq): those iterate
// over a collection. Other iterators may stream without end.
func (c *checker) stdIterator(x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typeutil.Callee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	first, _, _ := strings.Cut(fn.Pkg().Path(), "/")
	return !strings.Contains(first, ".") && fn.Pkg().Path() != "iter"
}

// steppedVar returns the variable a for loop's post statement steps:
// i++, i--, i += k and the like, or e = e.next in a walk over a list.
func steppedVar(info *types.Info, post ast.Stmt) types.Object {
	var x ast.Expr
	switch p := post.(type) {
	case *ast.IncDecStmt:
		x = p.X
	case *ast.AssignStmt:
		switch p.Tok {
		case token.ASSIGN, token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.QUO_ASSIGN, token.SHL_ASSIGN, token.SHR_ASSIGN:
			if len(p.Lhs) == 1 {
				x = p.Lhs[0]
			}
		}
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	return info.Uses[id]
}

// testsVar reports whether cond compares v (in one of the operands of
// a top-level &&, which can only end the loop sooner).
func testsVar(info *types.Info, cond ast.Expr, v types.Object) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LAND:
		return testsVar(info, b.X, v) || testsVar(info, b.Y, v)
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
		return mentions(info, b.X, v) || mentions(info, b.Y, v)
	}
	return false
}

func mentions(info *types.Info, e ast.Expr, v types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}
