package publish

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Parameters. An unexported function of the package whose every call
// passes, as parameter p, an object the caller has not published yet
// (a fresh allocation, or a parameter of the caller that is itself
// unpublished at the call) receives an object only its goroutine can
// reach: within the function it is published only where its own code
// publishes it. Exported functions, methods an interface call may
// reach, functions used as values, go and defer statements: anything
// else publishes.

// calls indexes a package's call sites by static callee.
type calls struct {
	sites   map[*ssa.Function][]ssa.CallInstruction
	escaped map[*ssa.Function]bool // used other than as a static callee
	wrapped map[*types.Func]bool   // called through a synthetic wrapper
	invoked map[string]bool        // method names called through interfaces
}

// SetPackage gives the query the package's functions, whose calls
// ParamPublished follows up to the callers.
func (q *Query) SetPackage(funcs []*ssa.Function) {
	c := &calls{sites: map[*ssa.Function][]ssa.CallInstruction{}, escaped: map[*ssa.Function]bool{}, wrapped: map[*types.Func]bool{}, invoked: map[string]bool{}}
	var ops []*ssa.Value
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var callee *ssa.Value
				if call, ok := instr.(ssa.CallInstruction); ok {
					common := call.Common()
					if common.IsInvoke() {
						c.invoked[common.Method.Name()] = true
					} else if f, ok := common.Value.(*ssa.Function); ok {
						c.sites[f] = append(c.sites[f], call)
						callee = &common.Value
					}
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					f, ok := (*op).(*ssa.Function)
					if !ok {
						continue
					}
					if op != callee {
						c.escaped[f] = true
					}
					// A bound method value, a method expression or a
					// promoted method's wrapper calls the method from
					// code not indexed here.
					if obj, ok := f.Object().(*types.Func); ok && f.Synthetic != "" {
						c.wrapped[obj] = true
					}
				}
			}
		}
	}
	q.calls = c
}

// ParamPublished reports whether the object parameter p points to may
// be reachable by another goroutine when instruction at (in p's
// function) runs.
func (q *Query) ParamPublished(p *ssa.Parameter, at ssa.Instruction) bool {
	return q.paramPublished(p, at, maxDepth)
}

func (q *Query) paramPublished(p *ssa.Parameter, at ssa.Instruction, depth int) bool {
	if at == nil || at.Block() == nil || at.Parent() != p.Parent() || !q.private(p, depth) {
		return true
	}
	o, ok := q.objects[p]
	if !ok {
		if sites, ok := q.sites(p, false, maxDepth); ok {
			o = objectOf(sites, p.Parent(), nil)
		}
		q.objects[p] = o
	}
	return o == nil || o.before(at)
}

// private reports whether every call of p's function passes an object
// the caller has not published at the call.
func (q *Query) private(p *ssa.Parameter, depth int) bool {
	fn := p.Parent()
	if q.calls == nil || depth == 0 || !internal(fn, q.calls) {
		return false
	}
	if v, ok := q.entry[p]; ok {
		return v
	}
	q.entry[p] = false // recursion: assume the worst
	v := q.privateAtCalls(p, depth)
	q.entry[p] = v
	return v
}

func (q *Query) privateAtCalls(p *ssa.Parameter, depth int) bool {
	fn := p.Parent()
	i := slices.Index(fn.Params, p)
	sites := q.calls.sites[fn]
	if i < 0 || len(sites) == 0 {
		return false
	}
	for _, site := range sites {
		call, ok := site.(*ssa.Call)
		if !ok || len(call.Call.Args) != len(fn.Params) {
			return false // go, defer: another goroutine, or later
		}
		switch arg := call.Call.Args[i].(type) {
		case *ssa.Parameter:
			if q.paramPublished(arg, call, depth-1) {
				return false
			}
		default:
			alloc := Allocation(arg)
			if alloc == nil || alloc.Parent() != call.Parent() || q.Published(alloc, call) {
				return false
			}
		}
	}
	return true
}

// internal reports whether only the package's calls seen in c can
// call fn: an unexported, non-generic, declared function or method
// never used as a value, and for a method, no interface call of its
// name.
func internal(fn *ssa.Function, c *calls) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Exported() || fn.Parent() != nil || fn.Synthetic != "" || fn.TypeParams().Len() > 0 || c.escaped[fn] || c.wrapped[obj] {
		return false
	}
	if recv := fn.Signature.Recv(); recv != nil {
		return fn.Signature.RecvTypeParams().Len() == 0 && !c.invoked[fn.Name()]
	}
	return true
}
