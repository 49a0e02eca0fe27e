package locks

import (
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
)

// Writers that run alongside a test. A read/read hazard (a recursive
// RLock, a cycle through read locks) blocks only when a writer queues
// on the lock while a reader holds it. In production code any writer of
// the class may be running. A test runs the code it calls and little
// else: the hazard is real only when the test itself starts a goroutine
// that can write-lock the class (GoBench's cockroach_3710 and
// kubernetes_62464, bugs written as tests). A writer the test calls on
// its own goroutine runs before or after its reads, not between them,
// and a production writer somewhere in the package may never run during
// the test at all.

// alongside answers, for one package, which writers run on goroutines
// that test code starts.
type alongside struct {
	// mu guards the memos below, filled on first use: only lockorder
	// asks today, but the model is shared by passes running at once.
	mu      sync.Mutex
	fset    *token.FileSet
	funcs   []*ssa.Function
	byFunc  map[*ssa.Function]*FuncFlow
	methods map[string][]*ssa.Function // by name, for interface calls
	callers map[*ssa.Function][]*ssa.Function
	spawned map[*ssa.Function]map[*ssa.Function]bool // by test root
	// edges remembers visitCallees' answers: each test root's search
	// goes through the same functions.
	edges map[*ssa.Function][]calleeEdge
	// started and rootRuns are goroutinesOf's answers, by test root.
	started  map[*ssa.Function][]*testGoroutine
	rootRuns map[*ssa.Function]map[*ssa.Function]bool
}

// calleeEdge is a function a function may call or start, and the
// instruction that does.
type calleeEdge struct {
	callee *ssa.Function
	at     ssa.Instruction
}

func newAlongside(fset *token.FileSet, funcs []*ssa.Function, byFunc map[*ssa.Function]*FuncFlow) *alongside {
	a := &alongside{fset: fset, funcs: funcs, byFunc: byFunc, methods: map[string][]*ssa.Function{}, spawned: map[*ssa.Function]map[*ssa.Function]bool{}}
	for _, fn := range funcs {
		if fn.Signature.Recv() != nil && fn.Parent() == nil {
			a.methods[fn.Name()] = append(a.methods[fn.Name()], fn)
		}
	}
	return a
}

// TestWriter returns a writer of class that may run while fn, code a
// test reaches, holds a read lock: a write lock taken on a goroutine
// that a test reaching fn starts from test code, directly or through
// calls. Writers in production code that the test does not start on
// another goroutine do not count.
func (r *Result) TestWriter(class string, fn *ssa.Function) (Writer, bool) {
	if r.alongside == nil || fn == nil {
		return Writer{}, false
	}
	r.alongside.mu.Lock()
	defer r.alongside.mu.Unlock()
	return r.alongside.writer(class, fn)
}

func (a *alongside) writer(class string, fn *ssa.Function) (Writer, bool) {
	acq, ok := a.acquisition(fn, func(acq Acquisition) bool {
		return acq.Mode == Write && acq.Ref.Class == class
	})
	if !ok {
		return Writer{}, false
	}
	return Writer{Class: class, ClassName: acq.Ref.ClassName, Site: acq.Site, Test: IsTestFile(a.fset, acq.Pos)}, true
}

// acquisition returns an acquisition matching match made on a goroutine
// that a test reaching fn starts from test code.
func (a *alongside) acquisition(fn *ssa.Function, match func(Acquisition) bool) (Acquisition, bool) {
	for _, root := range a.roots(fn) {
		for g := range a.spawnedFrom(root) {
			fl := a.byFunc[g]
			if fl == nil {
				continue
			}
			for _, acq := range fl.Acquisitions {
				if match(acq) {
					return acq, true
				}
			}
		}
	}
	return Acquisition{}, false
}

// maxRoots bounds the tests examined for one hazard.
const maxRoots = 64

// roots returns the top-level functions of test files from which fn is
// reached (fn's own outermost function when it is one).
func (a *alongside) roots(fn *ssa.Function) []*ssa.Function {
	if a.callers == nil {
		a.callers = map[*ssa.Function][]*ssa.Function{}
		for _, f := range a.funcs {
			a.visitCallees(f, func(callee *ssa.Function, _ ssa.Instruction) {
				a.callers[callee] = append(a.callers[callee], f)
			})
		}
	}
	var out []*ssa.Function
	seen := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 && len(out) < maxRoots {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		if f.Parent() == nil && IsTestFile(a.fset, f.Pos()) {
			out = append(out, f)
		}
		up := a.callers[f]
		if p := f.Parent(); p != nil {
			up = append([]*ssa.Function{p}, up...)
		}
		for _, c := range up {
			if !seen[c] {
				seen[c] = true
				work = append(work, c)
			}
		}
	}
	return out
}

// spawnedFrom returns the functions root runs on goroutines it starts
// from test code, and everything they call.
func (a *alongside) spawnedFrom(root *ssa.Function) map[*ssa.Function]bool {
	if out, ok := a.spawned[root]; ok {
		return out
	}
	type item struct {
		fn      *ssa.Function
		spawned bool
	}
	seen := map[item]bool{}
	out := map[*ssa.Function]bool{}
	work := []item{{root, false}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[it] || (it.spawned && out[it.fn]) {
			continue
		}
		seen[it] = true
		if it.spawned {
			out[it.fn] = true
		}
		a.visitCallees(it.fn, func(callee *ssa.Function, at ssa.Instruction) {
			next := item{callee, it.spawned}
			if !it.spawned && startsGoroutine(at, callee) {
				if !IsTestFile(a.fset, at.Pos()) {
					return // production code's own goroutines: not the test's
				}
				next.spawned = true
			}
			work = append(work, next)
		})
	}
	a.spawned[root] = out
	return out
}

// startsGoroutine reports whether instr runs callee on another
// goroutine: a go statement, a task, a parallel subtest.
func startsGoroutine(instr ssa.Instruction, callee *ssa.Function) bool {
	s, ok := spawn.OfInstr(instr)
	return ok && s.Kind != spawn.Deferred && s.Body() == callee
}

// visitCallees calls visit with each function of the package that fn
// may call or start, and the instruction that does: static callees,
// closures and functions used as values (assumed called), and the
// package's methods an interface call may reach.
func (a *alongside) visitCallees(fn *ssa.Function, visit func(*ssa.Function, ssa.Instruction)) {
	edges, ok := a.edges[fn]
	if !ok {
		edges = a.calleeEdges(fn)
		if a.edges == nil {
			a.edges = map[*ssa.Function][]calleeEdge{}
		}
		a.edges[fn] = edges
	}
	for _, e := range edges {
		visit(e.callee, e.at)
	}
}

// calleeEdges lists what visitCallees visits, in its order.
func (a *alongside) calleeEdges(fn *ssa.Function) []calleeEdge {
	var out []calleeEdge
	add := func(callee *ssa.Function, at ssa.Instruction) { out = append(out, calleeEdge{callee, at}) }
	var ops []*ssa.Value
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok && call.Common().IsInvoke() {
				a.visitInvoke(call.Common(), instr, add)
			}
			ops = instr.Operands(ops[:0])
			for _, op := range ops {
				if f := spawn.FuncOf(*op); f != nil && len(f.Blocks) > 0 {
					add(f, instr)
				}
			}
		}
	}
	return out
}

func (a *alongside) visitInvoke(call *ssa.CallCommon, instr ssa.Instruction, visit func(*ssa.Function, ssa.Instruction)) {
	iface, ok := call.Value.Type().Underlying().(*types.Interface)
	if !ok {
		return
	}
	for _, m := range a.methods[call.Method.Name()] {
		if m.Signature.RecvTypeParams().Len() > 0 {
			continue
		}
		recv := m.Signature.Recv().Type()
		if types.Implements(recv, iface) || types.Implements(types.NewPointer(recv), iface) {
			visit(m, instr)
		}
	}
}
