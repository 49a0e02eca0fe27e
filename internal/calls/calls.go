// Package calls resolves the functions an SSA call site may run, for
// concurlint's function summaries.
//
// A call is resolved, in this order:
//
//   - statically: a function, a method called on a concrete type, a
//     closure made at the call (Kind Static);
//   - through a function value kept in a local: a phi of such values
//     (each one a callee), or a closure or method value stored once in
//     a variable captured by closures, which lives in a cell (Kind Local);
//   - through a function value stored in a struct field of a type
//     declared in the package (through a pointer or in a struct value,
//     converted to a named func type or not): every value the package
//     stores to that field is a callee, provided each one is known (a function, a
//     closure, a method value, or a setter's parameter, which holds what
//     the package passes at every static call of the setter); one
//     unknown store resolves nothing (Kind Field);
//   - through an interface method: the concrete type is known when the
//     interface was made in the calling function; otherwise every named
//     type of the package and of its direct imports whose method set
//     implements the interface with a method of its own (not one
//     promoted from an embedded interface, which forwards), at most
//     MaxImpls of them; more resolve nothing (Kind Interface);
//   - through fmt and log formatting: a value formatted by a verb that
//     calls its method (%v, %s, %q, %x, %X, Errorf's %w, and every
//     operand of Print, Sprint, Println...) runs its Format, Error or
//     String method, as fmt chooses them, when its concrete type is known
//     at the call; these callees come with the call of fmt itself
//     (Kind Format).
//
// Values resolves a function value the same way, for a function that
// is passed on rather than called here.
//
// Each Callee says what the callee's parameters and free variables are
// bound to in the caller's terms, nil where the caller cannot name
// them (a closure stored in a field by another function captures that
// function's variables). Callers decide how much to trust a callee that
// is one of several alternatives.
//
// Resolution never panics on odd code: a site it cannot make sense of
// (a nil function, a generic interface, cgo) resolves to nothing.
package calls

import (
	"go/types"
	"sync"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Kind says how a callee was found.
type Kind uint8

const (
	Static    Kind = iota // the call names it
	Local                 // a function value kept in a local or a captured variable
	Field                 // a function value stored in a struct field
	Interface             // an implementation of the interface method called
	Format                // a String, Error or Format method fmt calls on an operand
)

func (k Kind) String() string {
	switch k {
	case Static:
		return "static"
	case Local:
		return "local"
	case Field:
		return "field"
	case Interface:
		return "interface"
	case Format:
		return "format"
	}
	return "?"
}

// Callee is one function a call site may run.
type Callee struct {
	Fn   *ssa.Function
	Kind Kind
	// Args are the values of Fn's parameters (the receiver first) in
	// the caller's terms; an entry is nil where the caller cannot name it.
	Args []ssa.Value
	// Bindings are the values of Fn's free variables in the caller's
	// terms; nil entries where unknown.
	Bindings []ssa.Value
	// Alternatives is how many callees of this Kind the site may run
	// instead of this one (1: it is the only one).
	Alternatives int
}

// MaxImpls bounds the implementations an interface call resolves to,
// and the values a field or phi may hold: past it a site runs "anything".
const MaxImpls = 8

// Resolver resolves the call sites of one package. Its caches make it
// cheap to ask about the same site many times (a dataflow does). It is
// safe for concurrent use: a pass's resolver is shared by the analyzers
// that use the pass's result, which the driver runs in parallel.
type Resolver struct {
	mu        sync.Mutex // guards sites, impls and named
	indexOnce sync.Once  // builds fields and sitesOf
	funcsOnce sync.Once  // builds funcs
	pkg       *ssa.Package
	fields    map[*types.Var][]*ssa.Store         // stores to each field, built on first use
	sitesOf   map[*ssa.Function][]*ssa.CallCommon // static calls of each function, built on first use
	funcs     []*ssa.Function
	impls     typeutil.Map                      // *types.Interface -> []types.Type
	named     map[*types.Package][]*types.Named // concreteTypes, per package
	msets     typeutil.MethodSetCache           // mayImplement's (safe for concurrent use)
	sites     map[site][]Callee
}

// site is a call asked about from a function: the answer depends on
// the caller (a captured variable is resolved in its terms), so a cache
// keyed by the call alone would keep whichever caller asked first, and
// passes running in parallel ask in an order that varies.
type site struct {
	caller *ssa.Function
	call   *ssa.CallCommon
}

// New returns a resolver for the functions of pkg (nil: static calls only).
func New(pkg *ssa.Package) *Resolver {
	return &Resolver{pkg: pkg, sites: map[site][]Callee{}}
}

// Callees returns the functions call, made in caller, may run: see the
// package doc for the rules. The result is shared: do not modify it.
func (r *Resolver) Callees(caller *ssa.Function, call *ssa.CallCommon) (out []Callee) {
	if call == nil {
		return nil
	}
	if r == nil {
		r = New(nil)
	}
	r.mu.Lock()
	c, ok := r.sites[site{caller, call}]
	r.mu.Unlock()
	if ok {
		return c
	}
	defer func() {
		// Odd code (a type go/ssa cannot build a method for) resolves
		// to nothing rather than stopping the analysis.
		if recover() != nil {
			out = nil
		}
		r.mu.Lock()
		r.sites[site{caller, call}] = out
		r.mu.Unlock()
	}()
	if call.IsInvoke() {
		out = r.invoke(caller, call)
	} else {
		out = r.value(caller, call.Value, call.Args, 3)
	}
	return append(out, r.formatted(call)...)
}

// Values returns the functions the function value v, in caller, may
// be: as Callees resolves a call of it, without arguments (Args nil).
func (r *Resolver) Values(caller *ssa.Function, v ssa.Value) (out []Callee) {
	if r == nil || v == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	return r.value(caller, v, nil, 3)
}

// value resolves a call of the function value v with args.
func (r *Resolver) value(caller *ssa.Function, v ssa.Value, args []ssa.Value, depth int) []Callee {
	switch v := v.(type) {
	case *ssa.Function:
		return []Callee{{Fn: v, Kind: Static, Args: args, Alternatives: 1}}
	case *ssa.MakeClosure:
		if fn, ok := v.Fn.(*ssa.Function); ok {
			c := closureCallee(fn, v.Bindings, args)
			c.Kind = Static
			return []Callee{c}
		}
	case *ssa.Phi:
		if depth == 0 || len(v.Edges) > MaxImpls {
			return nil
		}
		var out []Callee
		for _, e := range v.Edges {
			if c, ok := e.(*ssa.Const); ok && c.IsNil() {
				continue // calling nil panics: no callee
			}
			got := r.value(caller, e, args, depth-1)
			if len(got) == 0 {
				return nil // one unknown value: anything may run
			}
			out = append(out, got...)
		}
		return alternatives(dedup(out), Local)
	case *ssa.UnOp:
		return r.loaded(caller, v, args)
	case *ssa.Field:
		// A field of a struct value (r.AddFunc, r a value receiver).
		return r.field(v.X.Type(), v.Field, nil, args)
	case *ssa.ChangeType:
		// A conversion to a named function type (PopProcessFunc(f)).
		return r.value(caller, unconvert(v), args, depth)
	}
	return nil
}

// closureCallee is the callee of a call of closure fn with bindings:
// a closure's free variables bound to them, or the method a method
// value (a bound-method wrapper) runs on its bound receiver.
func closureCallee(fn *ssa.Function, bindings, args []ssa.Value) Callee {
	if m := boundMethod(fn); m != nil && len(bindings) == 1 {
		return Callee{Fn: m, Args: append([]ssa.Value{bindings[0]}, args...), Alternatives: 1}
	}
	return Callee{Fn: fn, Args: args, Bindings: bindings, Alternatives: 1}
}

// boundMethod returns the method a bound-method wrapper (x.M used as a
// value) calls, when it is a concrete method.
func boundMethod(fn *ssa.Function) *ssa.Function {
	if fn.Synthetic == "" || len(fn.FreeVars) != 1 || fn.Signature.Recv() != nil {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || types.IsInterface(sig.Recv().Type()) {
		return nil
	}
	// The wrapper's one call is the method's.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if m := call.Call.StaticCallee(); m != nil {
					return m
				}
			}
		}
	}
	return nil
}

// loaded resolves a call of a function value loaded from memory: a
// variable's cell or a struct field.
func (r *Resolver) loaded(caller *ssa.Function, load *ssa.UnOp, args []ssa.Value) []Callee {
	switch addr := load.X.(type) {
	case *ssa.FieldAddr:
		return r.field(addr.X.Type(), addr.Field, addr.X, args)
	case *ssa.Alloc, *ssa.FreeVar:
		fn, bindings := cellClosure(caller, addr, 3)
		if fn == nil {
			return nil
		}
		c := closureCallee(fn, bindings, args)
		c.Kind = Local
		return []Callee{c}
	}
	return nil
}
