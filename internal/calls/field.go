package calls

import (
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/publish"
)

// field resolves a call of the function value in a struct field: every
// value the package stores to that field. A field of a type declared
// elsewhere, or one store of a value that is not a known function,
// resolves nothing.
//
// obj is the object whose field is called (nil for a field of a struct
// value): the receiver of a method value stored from that same object.
func (r *Resolver) field(t types.Type, index int, obj ssa.Value, args []ssa.Value) []Callee {
	v := FieldVar(t, index)
	if v == nil || r.pkg == nil || v.Pkg() != r.pkg.Pkg {
		return nil
	}
	stores := r.storesTo(v)
	if len(stores) == 0 || len(stores) > 4*MaxImpls {
		return nil
	}
	var out []Callee
	for _, st := range stores {
		var got []Callee
		var ok bool
		if p, isParam := unconvert(st.Val).(*ssa.Parameter); isParam {
			got, ok = r.passed(p, args)
		} else {
			got, ok = storedCallee(st, obj, args)
		}
		if !ok {
			return nil
		}
		out = append(out, got...)
	}
	return alternatives(dedup(out), Field)
}

// passed resolves a field's value stored from a parameter of a setter
// (func (w *T) SetOnEvent(f func()) { w.onEvent = f }): the functions
// the package passes for it at every static call of the setter. A
// setter the package never calls, or one call passing an unknown
// value, resolves nothing.
func (r *Resolver) passed(p *ssa.Parameter, args []ssa.Value) ([]Callee, bool) {
	setter := p.Parent()
	i := slices.Index(setter.Params, p)
	sites := r.callsOf(setter)
	if i < 0 || len(sites) == 0 || len(sites) > 4*MaxImpls {
		return nil, false
	}
	var out []Callee
	for _, site := range sites {
		if i >= len(site.Args) {
			return nil, false
		}
		c, ok := valueCallee(site.Args[i], args)
		if !ok {
			return nil, false
		}
		if c.Fn != nil {
			out = append(out, c)
		}
	}
	return out, true
}

// callsOf returns the static calls of fn in the package.
func (r *Resolver) callsOf(fn *ssa.Function) []*ssa.CallCommon {
	r.index()
	return r.sitesOf[fn]
}

// storedCallee is the callee a store to the field puts there, called
// on the field of obj: a function; a closure, whose bindings are
// the storing function's and so unknown here; or a method value, whose
// receiver is known when it is the object the field belongs to
// (s.onEvent = s.handle). A nil store adds no callee.
func storedCallee(st *ssa.Store, obj ssa.Value, args []ssa.Value) ([]Callee, bool) {
	if mc, ok := unconvert(st.Val).(*ssa.MakeClosure); ok && obj != nil {
		fn, ok := mc.Fn.(*ssa.Function)
		if m := boundMethod(fn); ok && m != nil && len(mc.Bindings) == 1 {
			if to, ok := st.Addr.(*ssa.FieldAddr); ok && sameObject(to.X, mc.Bindings[0]) {
				return []Callee{{Fn: m, Args: withRecv(obj, args)}}, true
			}
		}
	}
	c, ok := valueCallee(st.Val, args)
	if !ok || c.Fn == nil {
		return nil, ok
	}
	return []Callee{c}, true
}

// valueCallee is the callee a function value made elsewhere runs when
// called here with args: a function; a closure, whose bindings are
// unknown here; a method value, whose receiver is. A nil function is
// no callee (ok, Fn nil); any other value is unknown (not ok).
func valueCallee(v ssa.Value, args []ssa.Value) (Callee, bool) {
	switch v := unconvert(v).(type) {
	case *ssa.Function:
		return Callee{Fn: v, Args: args}, true
	case *ssa.Const:
		return Callee{}, v.IsNil()
	case *ssa.MakeClosure:
		fn, ok := v.Fn.(*ssa.Function)
		if !ok {
			return Callee{}, false
		}
		if m := boundMethod(fn); m != nil {
			return Callee{Fn: m, Args: withRecv(nil, args)}, true
		}
		return Callee{Fn: fn, Args: args, Bindings: make([]ssa.Value, len(v.Bindings))}, true
	}
	return Callee{}, false
}

// sameObject reports whether a and b are one pointer: one value, or
// two loads of a variable stored once (a captured variable's cell).
func sameObject(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL || la.X != lb.X {
		return false
	}
	cell, ok := la.X.(*ssa.Alloc)
	return ok && publish.StoredOnce(cell) != nil
}

// FieldVar returns the declared field number i of the struct t (or *t)
// points to (of the generic type, for an instance), nil if t is no such
// struct.
func FieldVar(t types.Type, i int) *types.Var {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := types.Unalias(t).Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return nil
	}
	return st.Field(i).Origin()
}

// FieldStores returns every store the package makes to field number
// index of the struct t (or *t) points to, when the struct is declared
// in the package; nil otherwise (code elsewhere may store to it too).
func (r *Resolver) FieldStores(t types.Type, index int) []*ssa.Store {
	v := FieldVar(t, index)
	if r == nil || v == nil || r.pkg == nil || v.Pkg() != r.pkg.Pkg {
		return nil
	}
	return r.storesTo(v)
}

// storesTo returns every store to field v in the package's functions.
func (r *Resolver) storesTo(v *types.Var) []*ssa.Store {
	r.index()
	return r.fields[v]
}

// index records, in one pass over the package's functions, the stores
// to each struct field and the static calls of each function.
func (r *Resolver) index() {
	r.indexOnce.Do(r.buildIndex)
}

func (r *Resolver) buildIndex() {
	r.fields = map[*types.Var][]*ssa.Store{}
	r.sitesOf = map[*ssa.Function][]*ssa.CallCommon{}
	for _, fn := range r.functions() {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Store:
					if fa, ok := instr.Addr.(*ssa.FieldAddr); ok {
						if f := FieldVar(fa.X.Type(), fa.Field); f != nil {
							r.fields[f] = append(r.fields[f], instr)
						}
					}
				case ssa.CallInstruction:
					if callee := instr.Common().StaticCallee(); callee != nil {
						r.sitesOf[callee] = append(r.sitesOf[callee], instr.Common())
					}
				}
			}
		}
	}
}

// functions lists the package's functions: its package-level functions,
// the methods of its types and every closure inside them.
func (r *Resolver) functions() []*ssa.Function {
	if r.pkg == nil {
		return nil
	}
	r.funcsOnce.Do(r.listFunctions)
	return r.funcs
}

func (r *Resolver) listFunctions() {
	seen := map[*ssa.Function]bool{}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil || seen[fn] {
			return
		}
		seen[fn] = true
		r.funcs = append(r.funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	prog := r.pkg.Prog
	// Members is a map: walk it in name order, so the stores to a field
	// (and so the order of its callees, and the call chain a summary
	// keeps as its example) are the same in every run.
	for _, name := range slices.Sorted(maps.Keys(r.pkg.Members)) {
		switch m := r.pkg.Members[name].(type) {
		case *ssa.Function:
			add(m)
		case *ssa.Type:
			named, ok := types.Unalias(m.Type()).(*types.Named)
			if !ok {
				continue
			}
			// Declared methods, generic ones by their declaration.
			for i := 0; i < named.NumMethods(); i++ {
				add(prog.FuncValue(named.Method(i)))
			}
		}
	}
}

// unconvert strips conversions between function types (a closure
// stored as a named func type: Process: func() {...}).
func unconvert(v ssa.Value) ssa.Value {
	for i := 0; i < 4; i++ {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			return v
		}
		v = ct.X
	}
	return v
}
