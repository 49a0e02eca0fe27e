package spawn

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"
)

// candidate is a function declared in the package with function-typed
// parameters: one that may be a spawner.
type candidate struct {
	fn     *types.Func
	body   *ast.BlockStmt
	params map[types.Object]int // function-typed parameter → its index
	calls  []int                // the parameters its body calls
}

// infer finds the package's spawners: functions whose bodies run one of
// their function-typed parameters on a new goroutine, directly or
// through another spawner of the table (an inferred one of this
// package included, hence the fixed point: the sets only grow, and are
// bounded by the parameters). It records them in t and returns them in
// source order.
func (t *Table) infer(info *types.Info, pkg *types.Package, files []*ast.File) []*types.Func {
	var cands []candidate
	for _, f := range files {
		for _, d := range f.Decls {
			if c, ok := candidateOf(info, d); ok {
				cands = append(cands, c)
			}
		}
	}
	calls := map[*types.Func][]int{}
	for _, c := range cands {
		calls[c.fn] = c.calls
	}
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			params := t.spawnedParams(info, c, calls)
			if len(params) > len(t.inferred[c.fn]) {
				t.inferred[c.fn] = params
				changed = true
			}
		}
		if t.viaInterfaces(pkg) {
			changed = true
		}
		if t.viaFields(info, pkg, files, calls) {
			changed = true
		}
	}
	var spawners []*types.Func
	for _, c := range cands {
		if len(t.inferred[c.fn]) > 0 {
			spawners = append(spawners, c.fn)
		}
	}
	return append(spawners, t.interfaceSpawners(pkg)...)
}

// candidateOf returns d as a candidate if it is a function with a body
// and function-typed parameters.
func candidateOf(info *types.Info, d ast.Decl) (candidate, bool) {
	fd, ok := d.(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return candidate{}, false
	}
	fn, ok := info.Defs[fd.Name].(*types.Func)
	if !ok {
		return candidate{}, false
	}
	c := candidate{fn: fn, body: fd.Body, params: map[types.Object]int{}}
	sig := fn.Type().(*types.Signature)
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		if isFunc(p.Type()) && !(sig.Variadic() && i == sig.Params().Len()-1) {
			c.params[p] = i
		}
	}
	c.calls = c.calledParams(info, fd.Body)
	return c, len(c.params) > 0
}

// calledParams returns the parameters of c that body calls, ascending.
func (c candidate) calledParams(info *types.Info, body *ast.BlockStmt) []int {
	var calls []int
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if i, ok := c.params[info.Uses[id]]; ok && !slices.Contains(calls, i) {
					calls = append(calls, i)
				}
			}
		}
		return true
	})
	slices.Sort(calls)
	return calls
}

// spawnedParams returns the parameters of c that its body runs on a new
// goroutine, ascending: the parameter then runs concurrently with
// whoever called c. Spawn sites inside function literals count when the
// literal runs during the call (see litsRunBy) or is itself spawned.
// So does go g(p) where g, of this package, calls its parameter (a
// recover wrapper); calls maps the package's candidates to the
// parameters they call.
func (t *Table) spawnedParams(info *types.Info, c candidate, calls map[*types.Func][]int) []int {
	closures := localClosures(info, c.body)
	waits := waitsOf(info, c.body)
	found := map[int]bool{}
	runNow := map[*ast.FuncLit]bool{} // literals that run during the call
	ast.Inspect(c.body, func(n ast.Node) bool {
		var site Site
		var ok bool
		switch n := n.(type) {
		case *ast.FuncLit:
			return runNow[n]
		case *ast.GoStmt:
			site, ok = OfStmt(n)
		case *ast.CallExpr:
			for _, lit := range litsRunBy(info, n) {
				runNow[lit] = true
			}
			site, ok = t.OfCall(info, n)
		}
		for _, lit := range site.Funcs {
			runNow[lit] = true // on another goroutine, but started now
		}
		if !ok || !site.Kind.Concurrent() || waits.join(info, site, closures) {
			return true
		}
		runs := site.Runs
		if site.Kind == Goroutine && site.Call != nil {
			runs = append(slices.Clone(runs), calledArgs(info, site.Call, calls)...)
		}
		for _, run := range runs {
			for _, i := range c.runsParams(info, run, closures) {
				found[i] = true
			}
		}
		return true
	})
	var params []int
	for i := range found {
		params = append(params, i)
	}
	slices.Sort(params)
	return params
}

// waits are what a function body waits for on its own goroutine (not in
// its function literals): a Wait of a WaitGroup or errgroup, receives.
type waits struct {
	group    bool                  // it calls Wait
	received map[types.Object]bool // the channel variables it receives from
}

func waitsOf(info *types.Info, body *ast.BlockStmt) waits {
	w := waits{received: map[types.Object]bool{}}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if waitCall(info, n) {
				w.group = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				w.received[rootObject(info, n.X)] = true
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil && isChan(t) {
				w.received[rootObject(info, n.X)] = true
			}
		}
		return true
	})
	delete(w.received, nil)
	return w
}

// join reports whether the function waits for what site runs before it
// returns, so that its callers see a plain call: it calls Wait, or it
// receives from a channel that the site's literal sends on or closes.
// (Precision first: any Wait counts, whatever group it names.)
func (w waits) join(info *types.Info, site Site, closures map[types.Object]*ast.FuncLit) bool {
	if w.group {
		return true
	}
	for _, run := range site.Runs {
		run = ast.Unparen(run)
		if id, ok := run.(*ast.Ident); ok && closures[info.Uses[id]] != nil {
			run = closures[info.Uses[id]]
		}
		lit, ok := run.(*ast.FuncLit)
		if ok && w.signalled(info, lit) {
			return true
		}
	}
	return false
}

// signalled reports whether lit sends on or closes a channel the
// function receives from.
func (w waits) signalled(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			found = found || w.received[rootObject(info, n.Chan)]
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
					found = found || w.received[rootObject(info, n.Args[0])]
				}
			}
		}
		return !found
	})
	return found
}

// waitCall reports whether call waits for a group of goroutines, by
// JoinOf's rules on syntax: Wait of a WaitGroup, an errgroup.Group, or
// another type's Wait() (called statically or through an interface).
func waitCall(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return false
	}
	switch FullName(fn) {
	case waitGroupWait, errgroupWait:
		return true
	}
	return isWaitMethod(fn)
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// rootObject names a channel expression by its variable (ch, or the
// field s.done), or nil.
func rootObject(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.Uses[e]
	case *ast.SelectorExpr:
		return info.Uses[e.Sel]
	}
	return nil
}

// litsRunBy returns the function literals that call runs before it
// returns: its callee, a literal (func() {...}()), or a sync.Once's
// function. A literal returned or stored runs later, if ever: a spawn
// inside it does not make the enclosing function a spawner.
func litsRunBy(info *types.Info, call *ast.CallExpr) []*ast.FuncLit {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return []*ast.FuncLit{lit}
	}
	if fn := typeutil.StaticCallee(info, call); fn != nil && FullName(fn) == "(*sync.Once).Do" && len(call.Args) == 1 {
		if lit, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit); ok {
			return []*ast.FuncLit{lit}
		}
	}
	return nil
}

// calledArgs returns the arguments of call whose parameters its callee,
// a candidate of this package, calls.
func calledArgs(info *types.Info, call *ast.CallExpr, calls map[*types.Func][]int) []ast.Expr {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return nil
	}
	var args []ast.Expr
	for _, j := range calls[fn.Origin()] {
		if j < len(call.Args) && !isMethodExpr(info, call) {
			args = append(args, call.Args[j])
		}
	}
	return args
}

// runsParams returns the parameters of c that run when the function
// expression run runs: run is the parameter itself, or a literal (or a
// local variable holding one) that calls it.
func (c candidate) runsParams(info *types.Info, run ast.Expr, closures map[types.Object]*ast.FuncLit) []int {
	run = ast.Unparen(run)
	if id, ok := run.(*ast.Ident); ok {
		obj := info.Uses[id]
		if i, ok := c.params[obj]; ok {
			return []int{i}
		}
		if lit := closures[obj]; lit != nil {
			run = lit
		}
	}
	lit, ok := run.(*ast.FuncLit)
	if !ok {
		return nil
	}
	var params []int
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if i, ok := c.params[info.Uses[id]]; ok {
					params = append(params, i)
				}
			}
		}
		return true
	})
	return params
}

// localClosures maps the local variables of body that are assigned a
// function literal exactly once (run := func() { ...; f() }) to it.
func localClosures(info *types.Info, body *ast.BlockStmt) map[types.Object]*ast.FuncLit {
	out := map[types.Object]*ast.FuncLit{}
	assigned := map[types.Object]int{}
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range as.Lhs {
			id, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok {
				continue
			}
			obj := info.ObjectOf(id)
			if obj == nil {
				continue
			}
			assigned[obj]++
			if lit, ok := rhsAt(as, i).(*ast.FuncLit); ok && as.Tok == token.DEFINE {
				out[obj] = lit
			}
		}
		return true
	})
	for obj := range out {
		if assigned[obj] != 1 {
			delete(out, obj)
		}
	}
	return out
}

// rhsAt returns the value assigned to the i'th left-hand side, when the
// assignment pairs them one to one.
func rhsAt(as *ast.AssignStmt, i int) ast.Expr {
	if len(as.Lhs) != len(as.Rhs) {
		return nil
	}
	return ast.Unparen(as.Rhs[i])
}

// WaitsIn reports whether body, outside its function literals, waits
// for a group (a Wait, by JoinOf's rules on syntax) or receives from a
// channel: whatever it may be waiting for, a goroutine started inside
// body may be joined there.
func WaitsIn(info *types.Info, body *ast.BlockStmt) bool {
	w := waitsOf(info, body)
	return w.group || len(w.received) > 0
}
