package spawn

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Table is the spawn table of one package: the built-in spawners, the
// user's (User, from -spawners), and the spawners inferred in this
// package and imported as facts from the packages it depends on. The
// nil *Table knows the built-in and user spawners only.
type Table struct {
	// inferred maps a spawner (its origin, for generic ones) to the
	// indices of the parameters it runs on new goroutines, ascending;
	// receivers are not counted.
	inferred map[*types.Func][]int
	// fields maps the package's function-typed struct fields whose
	// every stored value is a spawner to the parameters they spawn.
	fields map[*types.Var][]int
}

// Spawner is the fact that a function or method runs some of its
// function-typed parameters on new goroutines. Params are their
// indices (receiver not counted), ascending: at most one per
// parameter, so the fact is bounded by the signature.
type Spawner struct {
	Params []int
}

func (*Spawner) AFact() {}

func (f *Spawner) String() string {
	if len(f.Params) == 1 {
		return fmt.Sprintf("spawns param %d", f.Params[0])
	}
	return "spawns params " + strings.Trim(fmt.Sprint(f.Params), "[]")
}

// Analyzer infers the package's spawners and exports them as Spawner
// facts. It reports nothing; its Result is the package's *Table.
var Analyzer = &analysis.Analyzer{
	Name:       "spawnmodel",
	Doc:        "infer the functions that run a function argument on a new goroutine, for concurlint's analyzers",
	URL:        "https://github.com/concurlint/concurlint/tree/main/internal/spawn",
	FactTypes:  []analysis.Fact{new(Spawner)},
	ResultType: reflect.TypeOf((*Table)(nil)),
	Run:        run,
}

func run(pass *analysis.Pass) (any, error) {
	t := &Table{inferred: map[*types.Func][]int{}, fields: map[*types.Var][]int{}}
	for _, f := range pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok && fn.Pkg() != pass.Pkg {
			t.inferred[fn] = f.Fact.(*Spawner).Params
		}
	}
	if ssabuild.IsStd(pass) {
		return t, nil // the standard library's spawners are in the table by name
	}
	for _, fn := range t.infer(pass.TypesInfo, pass.Pkg, pass.Files) {
		pass.ExportObjectFact(fn, &Spawner{Params: t.inferred[fn]})
	}
	return t, nil
}

// entry is one row of the table: the kind of what a spawner starts,
// the parameters (receiver not counted) that it runs (nil: every
// function-typed argument, for a user spawner), and whether its
// receiver is the group whose Wait joins what it started.
type entry struct {
	kind   Kind
	params []int
	group  bool
}

// builtin is the fixed part of the table, by full name.
var builtin = map[string]entry{
	errgroupGo:         {ErrgroupTask, []int{0}, true},
	errgroupTryGo:      {ErrgroupTask, []int{0}, true},
	waitGroupGo:        {WaitGroupTask, []int{0}, true},
	afterFunc:          {TimerCallback, []int{1}, false},
	"(*testing.T).Run": {ParallelSubtest, []int{1}, false}, // if the body calls t.Parallel()
	"(*testing.B).Run": {ParallelSubtest, []int{1}, false},
}

// lookup returns fn's row: a built-in spawner, a user spawner or an
// inferred one. A method spawner's goroutines are its receiver's to
// wait for (pool.Submit(f); pool.Wait(): see JoinOf).
func (t *Table) lookup(fn *types.Func) (entry, bool) {
	fn = fn.Origin()
	name := FullName(fn)
	if e, ok := builtin[name]; ok {
		return e, true
	}
	method := fn.Signature().Recv() != nil
	if User.Has(name) {
		return entry{UserSpawner, nil, method}, true
	}
	if t != nil {
		if params := t.inferred[fn]; len(params) > 0 {
			return entry{Inferred, params, method}, true
		}
	}
	return entry{}, false
}

// runs reports whether argument i of a call of e's spawner, of type
// typ, is a function the spawner runs.
func (e entry) runs(i int, typ types.Type) bool {
	if e.params == nil {
		return isFunc(typ)
	}
	return slices.Contains(e.params, i)
}

// Spawns returns the parameters of fn that an inferred spawner runs on
// new goroutines (nil if it is none), for tests and for callers that
// reason about one function.
func (t *Table) Spawns(fn *types.Func) []int {
	if t == nil {
		return nil
	}
	return t.inferred[fn.Origin()]
}

// OfCall recognises calls that hand a function to something that runs
// it asynchronously: errgroup and WaitGroup Go, t.Run bodies that call
// t.Parallel, time.AfterFunc, the user's spawners and the inferred ones.
func (t *Table) OfCall(info *types.Info, call *ast.CallExpr) (Site, bool) {
	var e entry
	var name string
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Func: // a function, a method, an interface method
		var ok bool
		if e, ok = t.lookup(fn); !ok {
			return Site{}, false
		}
		name = FullName(fn)
	case *types.Var: // a function value in a struct field
		if t == nil || len(t.fields[fn]) == 0 {
			return Site{}, false
		}
		e, name = entry{Inferred, t.fields[fn], false}, fn.Name()
	default:
		return Site{}, false
	}
	site := Site{Kind: e.kind, Node: call, Call: call, Spawner: name}
	recv, args := receiver(call), call.Args
	if isMethodExpr(info, call) && len(args) > 0 {
		recv, args = args[0], args[1:] // T.M(recv, ...)
	}
	if e.group {
		site.Group = recv
	}
	for i, arg := range args {
		if e.runs(i, info.TypeOf(arg)) {
			site.addRuns(arg)
		}
	}
	if e.kind == ParallelSubtest {
		if len(site.Funcs) != 1 {
			return Site{}, false
		}
		if site.Parallel = parallelCall(info, site.Funcs[0]); site.Parallel == nil {
			return Site{}, false
		}
	}
	return site, true
}

// addRuns records function expressions the site runs asynchronously.
func (s *Site) addRuns(exprs ...ast.Expr) {
	for _, e := range exprs {
		s.Runs = append(s.Runs, e)
		if lit, ok := ast.Unparen(e).(*ast.FuncLit); ok {
			s.Funcs = append(s.Funcs, lit)
		}
	}
}

func isMethodExpr(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.MethodExpr
}

// isFunc reports whether t is a function type.
func isFunc(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// OfInstr recognises the spawns that run concurrently with their
// spawner: go statements, errgroup and WaitGroup Go, parallel
// subtests, time.AfterFunc, the user's spawners and the inferred ones.
// Deferred calls are not spawns here: they run on the same goroutine.
func (t *Table) OfInstr(instr ssa.Instruction) (Spawn, bool) {
	switch instr := instr.(type) {
	case *ssa.Go:
		if instr.Call.IsInvoke() {
			return Spawn{}, false
		}
		return Spawn{Kind: Goroutine, Instr: instr, Fn: instr.Call.Value, Args: instr.Call.Args}, true
	case *ssa.Call:
		return t.ofCall(instr)
	}
	return Spawn{}, false
}

func (t *Table) ofCall(call *ssa.Call) (Spawn, bool) {
	e, ok := t.calleeEntry(&call.Call)
	if !ok {
		return Spawn{}, false
	}
	var recv ssa.Value
	args := call.Call.Args
	switch {
	case call.Call.IsInvoke():
		recv = call.Call.Value
	case call.Call.StaticCallee() != nil && call.Call.StaticCallee().Signature.Recv() != nil && len(args) > 0:
		recv, args = args[0], args[1:]
	}
	var first ssa.Value // the first function it runs; a static one if any
	for i, a := range args {
		if !e.runs(i, a.Type()) {
			continue
		}
		if FuncOf(a) != nil {
			first = a
			break
		}
		if first == nil {
			first = a
		}
	}
	if first == nil || e.kind == ParallelSubtest && !callsParallelSSA(FuncOf(first)) {
		return Spawn{}, false
	}
	s := Spawn{Kind: e.kind, Instr: call, Fn: first}
	if e.group {
		s.Group = recv
	}
	return s, true
}

// originObject returns the declared function behind an SSA function
// (the generic origin of an instance).
func originObject(fn *ssa.Function) *types.Func {
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// calleeEntry returns the row of the function an SSA call runs: a
// static callee, an interface method (invoke mode), or a function
// value loaded from a struct field of the package.
func (t *Table) calleeEntry(call *ssa.CallCommon) (entry, bool) {
	if call.IsInvoke() {
		return t.lookup(call.Method)
	}
	if obj := originObject(call.StaticCallee()); obj != nil {
		return t.lookup(obj)
	}
	if v := loadedField(call.Value); t != nil && v != nil && len(t.fields[v]) > 0 {
		return entry{Inferred, t.fields[v], false}, true
	}
	return entry{}, false
}

// loadedField returns the struct field a function value is loaded
// from (s.f through a pointer, or of a struct value), or nil.
func loadedField(v ssa.Value) *types.Var {
	switch v := v.(type) {
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok && v.Op == token.MUL {
			return calls.FieldVar(fa.X.Type(), fa.Field)
		}
	case *ssa.Field:
		return calls.FieldVar(v.X.Type(), v.Field)
	}
	return nil
}
