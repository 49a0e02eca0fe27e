package loopcapture

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

//go:embed doc.go
var doc string

// Analyzer reports loop variables shared with code that outlives the
// iteration, in files before go1.22.
var Analyzer = &analysis.Analyzer{
	Name:     "loopcapture",
	Doc:      analysisdoc.MustExtract(doc, "loopcapture"),
	URL:      "https://github.com/concurlint/concurlint/tree/main/analyzers/loopcapture",
	Requires: []*analysis.Analyzer{ssabuild.Analyzer, spawn.Analyzer},
	Run:      run,
}

func init() {
	spawn.RegisterFlag(Analyzer)
}

// perIterationVersion is the first Go version in which each loop
// iteration declares fresh variables (go.dev/issue/60078).
const perIterationVersion = "go1.22"

func run(pass *analysis.Pass) (any, error) {
	defer report.Finish(pass)
	m := &model{pass: pass}
	for _, file := range pass.Files {
		v := pass.TypesInfo.FileVersions[file]
		// An unknown version is treated as new: staying silent is
		// better than reporting under the wrong semantics.
		if !version.IsValid(v) || version.Compare(v, perIterationVersion) >= 0 {
			continue
		}
		c := &checker{pass: pass, model: m, goVersion: version.Lang(v), reported: make(map[reportKey]bool),
			spawns: pass.ResultOf[spawn.Analyzer].(*spawn.Table)}
		c.walk(file)
	}
	return nil, nil
}

// checker walks one file.
type checker struct {
	pass      *analysis.Pass
	spawns    *spawn.Table // what runs a function later or on another goroutine
	model     *model
	goVersion string
	stack     []ast.Node
	reported  map[reportKey]bool
}

type reportKey struct {
	v    *types.Var
	site ast.Node
}

func (c *checker) walk(file *ast.File) {
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			c.stack = c.stack[:len(c.stack)-1]
			return true
		}
		c.stack = append(c.stack, n)
		c.visit(n)
		return true
	})
}

func (c *checker) visit(n ast.Node) {
	switch n := n.(type) {
	case *ast.GoStmt, *ast.DeferStmt:
		site, _ := spawn.OfStmt(n.(ast.Stmt))
		c.checkSite(site)
		c.checkAddressArgs(site)
	case *ast.CallExpr:
		if site, ok := c.spawns.OfCall(c.pass.TypesInfo, n); ok {
			c.checkSite(site)
		}
	case *ast.SendStmt:
		c.checkSend(n)
	}
}

// loop is an enclosing for or range statement with the variables it
// declares (:=) and so shares across iterations.
type loop struct {
	stmt ast.Stmt
	body *ast.BlockStmt
	vars []*types.Var
}

// enclosing returns the loops around the current node inside the
// current function, innermost first, and that function (its
// declaration or literal).
func (c *checker) enclosing() ([]loop, ast.Node) {
	var loops []loop
	for i := len(c.stack) - 2; i >= 0; i-- {
		switch n := c.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return loops, n
		case *ast.ForStmt:
			if l, ok := c.forLoop(n); ok {
				loops = append(loops, l)
			}
		case *ast.RangeStmt:
			if l, ok := c.rangeLoop(n); ok {
				loops = append(loops, l)
			}
		}
	}
	return loops, nil
}

func (c *checker) forLoop(s *ast.ForStmt) (loop, bool) {
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return loop{}, false
	}
	return c.newLoop(s, s.Body, init.Lhs...)
}

func (c *checker) rangeLoop(s *ast.RangeStmt) (loop, bool) {
	if s.Tok != token.DEFINE {
		return loop{}, false
	}
	return c.newLoop(s, s.Body, s.Key, s.Value)
}

func (c *checker) newLoop(stmt ast.Stmt, body *ast.BlockStmt, exprs ...ast.Expr) (loop, bool) {
	l := loop{stmt: stmt, body: body}
	for _, e := range exprs {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		// A variable whose type did not check (a range over an
		// undefined name) is broken code, not a finding; it is seen
		// only by a driver that runs the pass despite type errors.
		if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok && v.Type() != types.Typ[types.Invalid] {
			l.vars = append(l.vars, v)
		}
	}
	return l, len(l.vars) > 0
}

// owner returns the loop declaring v.
func owner(loops []loop, v *types.Var) (loop, bool) {
	for _, l := range loops {
		for _, lv := range l.vars {
			if lv == v {
				return l, true
			}
		}
	}
	return loop{}, false
}

// checkSite reports loop variables referenced by the literals a spawn
// runs later.
func (c *checker) checkSite(site spawn.Site) {
	if len(site.Funcs) == 0 {
		return
	}
	loops, fn := c.enclosing()
	if len(loops) == 0 {
		return
	}
	// A parallel subtest runs alongside the loop only once it calls
	// t.Parallel(): its uses before that (v := v, the standard fix)
	// read the variable while the loop waits.
	from := token.NoPos
	if site.Parallel != nil {
		from = site.Parallel.End()
	}
	for _, lit := range site.Funcs {
		for _, use := range c.captures(lit, loops, from) {
			v := c.pass.TypesInfo.Uses[use].(*types.Var)
			l, _ := owner(loops, v)
			if site.Kind.Concurrent() && c.joinedBeforeNextWrite(fn, site, v, l) {
				continue
			}
			c.reportCapture(site, use, v, l)
		}
	}
}

// captures returns the first reference inside lit to each loop
// variable at or after from, in source order.
func (c *checker) captures(lit *ast.FuncLit, loops []loop, from token.Pos) []*ast.Ident {
	var uses []*ast.Ident
	seen := make(map[*types.Var]bool)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Pos() < from {
			return true
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || seen[v] {
			return true
		}
		if _, ok := owner(loops, v); ok {
			seen[v] = true
			uses = append(uses, id)
		}
		return true
	})
	return uses
}

func (c *checker) reportCapture(site spawn.Site, use *ast.Ident, v *types.Var, l loop) {
	key := reportKey{v, site.Node}
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	advice := "copy it (" + v.Name() + " := " + v.Name() + ")"
	if site.Kind == spawn.Goroutine || site.Kind == spawn.Deferred {
		advice = "pass it as an argument or " + advice
	}
	msg := fmt.Sprintf("loop variable %s is shared by every iteration (%s semantics): the %s may see a later value; %s",
		v.Name(), c.goVersion, site.Kind, advice)
	c.report(use, msg, site, v, l)
}

func (c *checker) report(at ast.Node, msg string, site spawn.Site, v *types.Var, l loop) {
	related := []analysis.RelatedInformation{
		report.Related(v.Pos(), "loop variable %s declared here, once for all iterations", v.Name()),
	}
	switch {
	case site.Node == nil:
	case site.Kind == spawn.Deferred:
		related = append(related, report.Related(site.Node.Pos(), "call deferred here"))
	default:
		related = append(related, report.Related(site.Node.Pos(), "%s started here", site.Kind))
	}
	report.Report(c.pass, analysis.Diagnostic{
		Pos:            at.Pos(),
		End:            at.End(),
		Message:        msg,
		Related:        related,
		SuggestedFixes: []analysis.SuggestedFix{c.copyFix(v, l)},
	})
}

// copyFix declares a per-iteration copy of v at the top of the loop
// body, which is what go1.22 does implicitly.
func (c *checker) copyFix(v *types.Var, l loop) analysis.SuggestedFix {
	indent := strings.Repeat("\t", c.pass.Fset.Position(l.stmt.Pos()).Column)
	if len(l.body.List) > 0 {
		first := c.pass.Fset.Position(l.body.List[0].Pos())
		if first.Line > c.pass.Fset.Position(l.body.Lbrace).Line {
			indent = strings.Repeat("\t", first.Column-1)
		}
	}
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("Copy %s at the top of the loop body", v.Name()),
		TextEdits: []analysis.TextEdit{{
			Pos:     l.body.Lbrace + 1,
			End:     l.body.Lbrace + 1,
			NewText: []byte("\n" + indent + v.Name() + " := " + v.Name()),
		}},
	}
}
