package ctxleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/astutil"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// checkGoroutines reports goroutine bodies with a context in scope that
// loop forever without looking at it. A goroutine is whatever the
// shared spawn table says runs alongside its spawner: go statements,
// errgroup and WaitGroup tasks, time.AfterFunc callbacks, the user's
// spawners and the inferred ones (pool.Submit(func() {...})).
func (c *checker) checkGoroutines() {
	table := c.pass.ResultOf[spawn.Analyzer].(*spawn.Table)
	decls := map[*types.Func]*ast.FuncDecl{}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if obj, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					decls[obj] = fd
				}
			}
		}
	}
	for _, f := range c.pass.Files {
		var enclosing []*ast.FuncType
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				enclosing = []*ast.FuncType{n.Type}
			case *ast.GoStmt:
				site, _ := spawn.OfStmt(n)
				c.checkSite(site, enclosing, decls)
			case *ast.CallExpr:
				if site, ok := table.OfCall(c.pass.TypesInfo, n); ok && site.Kind.Concurrent() {
					c.checkSite(site, enclosing, decls)
				}
			}
			return true
		})
	}
}

func (c *checker) checkSite(site spawn.Site, enclosing []*ast.FuncType, decls map[*types.Func]*ast.FuncDecl) {
	inScope := c.hasContext(enclosing...)
	for _, lit := range site.Funcs {
		if inScope || c.hasContext(lit.Type) {
			c.checkBody(site, lit.Body)
		}
	}
	// go worker(ctx, ...), wg.Go(worker): a named function of this
	// package that takes a context.
	for _, run := range site.Runs {
		if id, ok := ast.Unparen(run).(*ast.Ident); ok {
			if obj, ok := c.pass.TypesInfo.Uses[id].(*types.Func); ok {
				if fd := decls[obj]; fd != nil && c.hasContext(fd.Type) {
					c.checkBody(site, fd.Body)
				}
			}
		}
	}
}

// hasContext reports whether any of the function types has a
// context.Context parameter.
func (c *checker) hasContext(types ...*ast.FuncType) bool {
	for _, t := range types {
		if t == nil || t.Params == nil {
			continue
		}
		for _, field := range t.Params.List {
			if ssautil.IsContext(c.pass.TypesInfo.TypeOf(field.Type)) {
				return true
			}
		}
	}
	return false
}

// checkBody reports the body's endless loops that ignore the context.
func (c *checker) checkBody(site spawn.Site, body *ast.BlockStmt) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another function
		case *ast.ForStmt:
			if n.Cond == nil && !c.exits(n) && !c.usesContext(n.Body) {
				c.reportEndless(site, n.For)
			}
		case *ast.RangeStmt:
			// A ticker's channel is never closed: ranging over it is
			// an endless loop too.
			if c.tickerChan(n.X) && !c.exits(n) && !c.usesContext(n.Body) {
				c.reportEndless(site, n.For)
			}
		}
		return true
	})
}

func (c *checker) reportEndless(site spawn.Site, at token.Pos) {
	c.reportf(at, []analysis.RelatedInformation{report.Related(site.Node.Pos(), "%s started here", site.Kind)},
		"this %s loops forever without looking at its context: nothing can stop it; select on ctx.Done() (or check ctx.Err()) in the loop", site.Kind)
}

// tickerChan reports whether x is a channel that is never closed and
// keeps delivering: a time.Ticker's C, or time.Tick's result.
func (c *checker) tickerChan(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		if x.Sel.Name != "C" {
			return false
		}
		t := c.pass.TypesInfo.TypeOf(x.X)
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "time" && named.Obj().Name() == "Ticker"
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(c.pass.TypesInfo, x).(*types.Func)
		return ok && fn.FullName() == "time.Tick"
	}
	return false
}

// exits reports whether loop (a for or range statement) can end: a
// return, a goto, a break out of it, or a call that ends the goroutine,
// inside its body.
func (c *checker) exits(loop ast.Stmt) bool {
	found := false
	var walk func(n ast.Node, nested bool) // nested: inside an inner breakable statement
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			if found {
				return false
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				switch {
				case x.Tok == token.GOTO:
					found = true
				case x.Tok == token.BREAK && x.Label == nil && !nested:
					found = true
				case x.Tok == token.BREAK && x.Label != nil:
					found = true // a labelled break leaves at least the inner statement; be generous
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if x != body(loop) {
					walk(body(x), true)
					return false
				}
			case *ast.CallExpr:
				if neverReturnsCall(c.pass.TypesInfo, x) {
					found = true
				}
			}
			return true
		})
	}
	walk(body(loop), false)
	return found
}

// body returns the statements of a breakable statement.
func body(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.ForStmt:
		return n.Body
	case *ast.RangeStmt:
		return n.Body
	case *ast.SwitchStmt:
		return n.Body
	case *ast.TypeSwitchStmt:
		return n.Body
	case *ast.SelectStmt:
		return n.Body
	}
	return n
}

func neverReturnsCall(info *types.Info, call *ast.CallExpr) bool {
	if astutil.IsBuiltinCall(info, call, "panic") {
		return true
	}
	fn := typeutil.StaticCallee(info, call)
	return ssautil.NoReturnFunc(fn)
}

// usesContext reports whether n mentions any value of type
// context.Context (ctx.Done(), ctx.Err(), passing ctx on).
func (c *checker) usesContext(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && ssautil.IsContext(v.Type()) {
				found = true
			}
		}
		return !found
	})
	return found
}
