// Package spawn recognises the places where Go code starts a function
// that may run later than, or concurrently with, the code that names it:
// go and defer statements, errgroup and WaitGroup tasks, parallel
// subtests, time.AfterFunc callbacks, spawner functions the user
// declares, and spawner functions inferred from their bodies. It also
// recognises the joins that wait for such work (WaitGroup.Wait,
// errgroup.Wait).
//
// One table (see Table) says which calls spawn, for the syntax (OfCall)
// and for SSA (OfInstr) alike:
//
//	go f()                              Goroutine
//	defer f()                           Deferred (syntax only)
//	g.Go(f), g.TryGo(f)                 ErrgroupTask (golang.org/x/sync/errgroup)
//	wg.Go(f)                            WaitGroupTask (sync, Go 1.25)
//	t.Run(name, func(t) {t.Parallel()}) ParallelSubtest
//	time.AfterFunc(d, f)                TimerCallback
//	a -spawners function                UserSpawner: its function arguments
//	an inferred spawner                 Inferred: the parameters it spawns
//
// A function or method is an inferred spawner when its body runs one of
// its function-typed parameters on a new goroutine: go p(), go func()
// { ... p() ... }(), go g(p) with g of the same package calling its
// parameter (a recover wrapper), or p (or a literal that calls it)
// handed to any spawner of the table, inferred ones included; unless
// it waits for that goroutine before returning (a Wait, or a receive
// from a channel the goroutine sends on or closes): then its callers
// see a plain call. A method spawner's receiver is the group of what
// it starts: its Wait() method joins them (JoinOf).
// An interface method is a spawner when its single implementation,
// declared beside the interface, is one; a function-typed struct field
// when every value the package stores to it is one (see reach.go).
// Analyzer infers them per package, to a fixed point, and exports each
// function and interface method as a Spawner fact, so that pool.Submit(func() {...}) in an importing
// package is a goroutine without the user naming Submit.
//
// On SSA it also recognises the group operations (Add, Done, Wait)
// that internal/hb, the goroutine model, builds its joins from.
//
// Every concurlint analyzer that reasons about goroutines uses this one
// definition, so that a spawner the user declares once is honoured by
// all of them.
package spawn

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// Kind says how a spawned function runs.
type Kind int

const (
	None            Kind = iota
	Goroutine            // go statement
	Deferred             // defer statement: runs when the enclosing function returns
	ErrgroupTask         // (*errgroup.Group).Go or TryGo
	WaitGroupTask        // (*sync.WaitGroup).Go
	ParallelSubtest      // t.Run(name, func(t) { t.Parallel(); ... })
	UserSpawner          // a function named with the -spawners flag
	TimerCallback        // time.AfterFunc(d, f): f runs on its own goroutine
	Inferred             // a function that runs a function parameter on a new goroutine
)

// String names the kind the way messages do ("the goroutine may ...").
func (k Kind) String() string {
	switch k {
	case Goroutine, WaitGroupTask, UserSpawner, Inferred:
		return "goroutine"
	case TimerCallback:
		return "AfterFunc callback"
	case Deferred:
		return "deferred call"
	case ErrgroupTask:
		return "errgroup task"
	case ParallelSubtest:
		return "parallel subtest"
	}
	return "call"
}

// Concurrent reports whether the spawned function runs alongside its
// spawner (as opposed to a deferred call, which runs at function exit,
// or a parallel subtest, which runs after the parent test returns).
func (k Kind) Concurrent() bool {
	switch k {
	case Goroutine, ErrgroupTask, WaitGroupTask, UserSpawner, TimerCallback, Inferred:
		return true
	}
	return false
}

// Site is one spawn.
type Site struct {
	Kind Kind
	// Node is the GoStmt, DeferStmt or CallExpr that spawns.
	Node ast.Node
	// Call is the call made by the go/defer statement, or the spawner call.
	Call *ast.CallExpr
	// Funcs are the function literals that run asynchronously.
	// A go statement's callee literal, a spawner's literal arguments.
	Funcs []*ast.FuncLit
	// Runs are the expressions of every function that runs
	// asynchronously, literal or not: the go statement's callee, the
	// spawner's function arguments.
	Runs []ast.Expr
	// Group is the receiver of errgroup/WaitGroup Go or of a method
	// spawner, the value whose Wait joins the task; nil for other kinds.
	Group ast.Expr
	// Spawner is the full name of the spawning function, for calls.
	Spawner string
	// Parallel is a parallel subtest's t.Parallel() call: the subtest
	// runs alongside its parent only from there on.
	Parallel *ast.CallExpr
}

const (
	errgroupGo    = "(*golang.org/x/sync/errgroup.Group).Go"
	errgroupTryGo = "(*golang.org/x/sync/errgroup.Group).TryGo"
	errgroupWait  = "(*golang.org/x/sync/errgroup.Group).Wait"
	waitGroupGo   = "(*sync.WaitGroup).Go"
	waitGroupWait = "(*sync.WaitGroup).Wait"
	waitGroupDone = "(*sync.WaitGroup).Done"
	waitGroupAdd  = "(*sync.WaitGroup).Add"
	afterFunc     = "time.AfterFunc"
)

// OfStmt recognises go and defer statements.
func OfStmt(stmt ast.Stmt) (Site, bool) {
	switch s := stmt.(type) {
	case *ast.GoStmt:
		return Site{Kind: Goroutine, Node: s, Call: s.Call, Funcs: litCallee(s.Call), Runs: []ast.Expr{s.Call.Fun}}, true
	case *ast.DeferStmt:
		return Site{Kind: Deferred, Node: s, Call: s.Call, Funcs: litCallee(s.Call), Runs: []ast.Expr{s.Call.Fun}}, true
	}
	return Site{}, false
}

func litCallee(call *ast.CallExpr) []*ast.FuncLit {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return []*ast.FuncLit{lit}
	}
	return nil
}

// OfCall recognises calls that hand a function to something that runs
// it asynchronously: errgroup and WaitGroup Go, t.Run bodies that call
// t.Parallel, time.AfterFunc and the user's spawners. It does not know
// inferred spawners: (*Table).OfCall does.
func OfCall(info *types.Info, call *ast.CallExpr) (Site, bool) {
	return (*Table)(nil).OfCall(info, call)
}

// FullName is the name used to match functions: "pkgpath.Func" or
// "(*pkgpath.T).Method", the form of the -spawners flag. Generic
// functions and methods are named by their origin.
func FullName(fn *types.Func) string {
	return ssautil.FullName(fn)
}

// parallelCall returns the call that makes lit, a subtest body, run in
// parallel: the first t.Parallel() on lit's own *testing.T parameter
// that is a statement of lit's body (not inside an if or a loop) and
// that no goto can jump over (go vet's loopclosure has the same rule).
// Parallel on another testing.T value makes nothing parallel.
func parallelCall(info *types.Info, lit *ast.FuncLit) *ast.CallExpr {
	param := testingParam(info, lit)
	if param == nil {
		return nil
	}
	for _, stmt := range lit.Body.List {
		for {
			l, ok := stmt.(*ast.LabeledStmt)
			if !ok {
				break
			}
			stmt = l.Stmt
		}
		es, ok := stmt.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			continue
		}
		fn := typeutil.StaticCallee(info, call)
		if fn == nil || FullName(fn) != "(*testing.T).Parallel" {
			continue
		}
		if id, ok := ast.Unparen(receiver(call)).(*ast.Ident); !ok || info.Uses[id] != param {
			continue
		}
		if !jumpedOver(info, lit.Body, call) {
			return call
		}
	}
	return nil
}

// testingParam returns lit's *testing.T parameter, if it has a name.
func testingParam(info *types.Info, lit *ast.FuncLit) types.Object {
	params := lit.Type.Params.List
	if len(params) != 1 || len(params[0].Names) != 1 {
		return nil
	}
	return info.Defs[params[0].Names[0]]
}

// jumpedOver reports whether a goto in body may skip n: it sits before
// n and names a label after it.
func jumpedOver(info *types.Info, body *ast.BlockStmt, n ast.Node) bool {
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false // its gotos stay inside it
		case *ast.BranchStmt:
			if x.Tok == token.GOTO && x.Label != nil && x.Pos() < n.Pos() {
				if label := info.Uses[x.Label]; label != nil && label.Pos() > n.End() {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func receiver(call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}
