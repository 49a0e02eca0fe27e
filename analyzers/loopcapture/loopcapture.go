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
var Analyzer = report.Wrap(&analysis.Analyzer{
	Name:     "loopcapture",
	Doc:      analysisdoc.MustExtract(doc, "loopcapture"),
	URL:      "https://github.com/concurlint/concurlint/tree/main/analyzers/loopcapture",
	Requires: []*analysis.Analyzer{ssabuild.Analyzer, spawn.Analyzer},
	Run:      run,
})

func init() {
	spawn.RegisterFlag(Analyzer)
}

// perIterationVersion is the first Go version in which each loop
// iteration declares fresh variables (go.dev/issue/60078).
const perIterationVersion = "go1.22"

func run(pass *analysis.Pass) (any, error) {
	m := &model{pass: pass}
	for _, file := range pass.Files {
		v := pass.TypesInfo.FileVersions[file]
		// An unknown version is treated as new: staying silent is
		// better than reporting under the wrong semantics. Loops
		// that assign variables declared outside them share them in
		// every version.
		perLoop := version.IsValid(v) && version.Compare(v, perIterationVersion) < 0
		c := &checker{pass: pass, model: m, goVersion: version.Lang(v), perLoopVars: perLoop,
			reported: make(map[reportKey]bool), spawns: pass.ResultOf[spawn.Analyzer].(*spawn.Table)}
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
	// perLoopVars: the file's loops declare their variables once
	// (before go1.22).
	perLoopVars bool
	stack       []ast.Node
	reported    map[reportKey]bool
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
// shares across iterations: those it declares (:=) before go1.22, and
// in every version the variables declared outside it that it assigns
// (for k = range m, for i = 0; i < n; i++).
type loop struct {
	stmt ast.Stmt
	body *ast.BlockStmt
	vars []*types.Var
	// assigned: the variables are declared outside the loop.
	assigned bool
	// through: the loop is around a function literal that runs during
	// its iteration (called at once, or passed to a call), and the
	// spawn is inside that literal.
	through bool
}

// enclosing returns the loops around the current node inside the
// current function, innermost first, and that function (its
// declaration or literal).
func (c *checker) enclosing() ([]loop, ast.Node) {
	loops, fn, _ := c.loopsIn(len(c.stack) - 2)
	return loops, fn
}

// loopsIn returns the loops around c.stack[i] inside its function,
// innermost first, that function, and the function's index in the
// stack (-1 if none).
func (c *checker) loopsIn(i int) ([]loop, ast.Node, int) {
	var loops []loop
	for ; i >= 0; i-- {
		switch n := c.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return loops, n, i
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
	return loops, nil, -1
}

// throughLoops returns the loops of the functions around the function
// literal at c.stack[i], as long as each literal runs during its
// caller's iteration: called at once, or passed to a call that is not
// itself a spawn (a spawn's literal is checked as its own site). A
// goroutine such a literal starts outlives the iteration too.
func (c *checker) throughLoops(i int) []loop {
	var out []loop
	for i >= 2 {
		lit, ok := c.stack[i].(*ast.FuncLit)
		if !ok || !c.runsDuringCall(lit, c.stack[i-1], c.stack[i-2]) {
			break
		}
		var loops []loop
		loops, _, i = c.loopsIn(i - 1)
		for _, l := range loops {
			l.through = true
			out = append(out, l)
		}
	}
	return out
}

// runsDuringCall reports whether lit, a child of parent, is called by
// parent during the current statement: parent calls it, or passes it
// to a callee other than a spawner, a go or a defer.
func (c *checker) runsDuringCall(lit *ast.FuncLit, parent, grand ast.Node) bool {
	call, ok := parent.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch grand.(type) {
	case *ast.GoStmt, *ast.DeferStmt:
		return false
	}
	if call.Fun == lit {
		return true
	}
	if _, spawns := c.spawns.OfCall(c.pass.TypesInfo, call); spawns {
		return false
	}
	for _, arg := range call.Args {
		if arg == lit {
			return true
		}
	}
	return false
}

func (c *checker) forLoop(s *ast.ForStmt) (loop, bool) {
	if init, ok := s.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
		if !c.perLoopVars {
			return loop{}, false
		}
		return c.newLoop(s, s.Body, init.Lhs...)
	}
	switch post := s.Post.(type) {
	case *ast.IncDecStmt:
		return c.assignedLoop(s, s.Body, post.X)
	case *ast.AssignStmt:
		if post.Tok != token.DEFINE {
			return c.assignedLoop(s, s.Body, post.Lhs...)
		}
	}
	return loop{}, false
}

func (c *checker) rangeLoop(s *ast.RangeStmt) (loop, bool) {
	switch {
	case s.Tok == token.DEFINE && c.perLoopVars:
		return c.newLoop(s, s.Body, s.Key, s.Value)
	case s.Tok == token.ASSIGN:
		return c.assignedLoop(s, s.Body, s.Key, s.Value)
	}
	return loop{}, false
}

// assignedLoop returns the loop with the variables, declared outside
// it, that it assigns on each iteration: locals of an enclosing scope
// and package-level variables alike (a goroutine reading a package
// variable the loop keeps assigning sees a later value, and races).
func (c *checker) assignedLoop(stmt ast.Stmt, body *ast.BlockStmt, exprs ...ast.Expr) (loop, bool) {
	l := loop{stmt: stmt, body: body, assigned: true}
	for _, e := range exprs {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if ok && v.Type() != types.Typ[types.Invalid] && v.Parent() != nil {
			l.vars = append(l.vars, v)
		}
	}
	return l, len(l.vars) > 0
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
	loops, fn, i := c.loopsIn(len(c.stack) - 2)
	if site.Kind.Concurrent() {
		loops = append(loops, c.throughLoops(i)...)
	}
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
			if site.Kind.Concurrent() && c.joined(fn, site, v, l) {
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
	semantics := c.goVersion + " semantics"
	if l.assigned {
		semantics = "declared outside the loop, in every Go version"
	}
	msg := fmt.Sprintf("loop variable %s is shared by every iteration (%s): the %s may see a later value; %s",
		v.Name(), semantics, site.Kind, advice)
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
