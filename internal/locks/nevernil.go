package locks

import (
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// Fields that are never nil. A field of an unexported struct type that
// every place making an object of the type sets to a non-nil value
// before handing the object out, and that no code sets to anything that
// may be nil, is not nil wherever the object can be seen:
//
//	oc := &orderedConsumer{js: js}
//	...
//	oc.current = cons.(*pullConsumer)
//	return oc, nil
//
// so code under `if c.current == nil` never runs. Only this package can
// make an object of an unexported type; the type must not be held by
// value anywhere (a zero value, a copy), nor in a package variable.
//
// A type assertion to a pointer type counts as non-nil: an interface
// holding a nil pointer is the gotcha Go code takes care to avoid.

// structField names one field of a struct type.
type structField struct {
	t     *types.Named
	index int
}

// neverNil computes, once per package, the fields that are never nil.
type neverNil struct {
	mu     sync.Mutex // guards fields: the passes built on the model run at once
	funcs  []*ssa.Function
	pkg    *ssa.Package
	fields map[structField]bool
}

// never reports whether field index of the struct *t (the type of a
// FieldAddr's base) is never nil.
func (n *neverNil) never(ptr types.Type, index int) bool {
	p, ok := ptr.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || named.Obj().Exported() || named.Obj().Pkg() != n.pkg.Pkg || named.TypeParams().Len() > 0 {
		return false
	}
	k := structField{named, index}
	if v, ok := n.fields[k]; ok {
		return v
	}
	v := n.compute(k)
	if n.fields == nil {
		n.fields = map[structField]bool{}
	}
	n.fields[k] = v
	return v
}

func (n *neverNil) compute(k structField) bool {
	st, ok := k.t.Underlying().(*types.Struct)
	if !ok || k.index >= st.NumFields() || !nilable(st.Field(k.index).Type()) {
		return false
	}
	for _, m := range n.pkg.Members {
		if g, ok := m.(*ssa.Global); ok && holdsByValue(g.Type().(*types.Pointer).Elem(), k.t, 0) {
			return false
		}
	}
	for _, fn := range n.funcs {
		for _, p := range fn.Params {
			if holdsByValue(p.Type(), k.t, 0) {
				return false
			}
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if !n.keeps(k, instr) {
					return false
				}
			}
		}
	}
	return true
}

// keeps reports whether instr keeps the field non-nil: it makes no
// object of the type without setting the field, holds none by value,
// and sets the field only to values that are not nil.
func (n *neverNil) keeps(k structField, instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.Alloc:
		elem := x.Type().(*types.Pointer).Elem()
		if types.Identical(elem, k.t) {
			return setBeforeReturn(x, k.index)
		}
		return !holdsByValue(elem, k.t, 0)
	case *ssa.Store:
		if fa, ok := x.Addr.(*ssa.FieldAddr); ok && fa.Field == k.index && isPtrTo(fa.X.Type(), k.t) {
			return notNil(x.Val, 0)
		}
	}
	if v, ok := instr.(ssa.Value); ok && holdsByValue(v.Type(), k.t, 0) {
		return false
	}
	return true
}

// setBeforeReturn reports whether the function making a sets the field
// (to a value the stores check) before every return that hands a out,
// and hands it nowhere else: not stored, not started, not converted.
func setBeforeReturn(a *ssa.Alloc, index int) bool {
	var set, rets []ssa.Instruction
	for _, r := range *a.Referrers() {
		switch x := r.(type) {
		case *ssa.FieldAddr:
			if x.Field != index {
				continue
			}
			for _, rr := range *x.Referrers() {
				if st, ok := rr.(*ssa.Store); ok && st.Addr == x {
					set = append(set, st)
				}
			}
		case *ssa.Return:
			rets = append(rets, x)
		case *ssa.Call, *ssa.DebugRef:
		case *ssa.MakeInterface: // returned as an interface only
			for _, rr := range *x.Referrers() {
				if _, ok := rr.(*ssa.Return); !ok {
					return false
				}
				rets = append(rets, rr)
			}
		default:
			return false // stored, started, deferred, compared
		}
	}
	for _, ret := range rets {
		if !setOnPath(set, ret) {
			return false
		}
	}
	return true
}

// setOnPath reports whether one of the stores runs before ret on every
// path to it.
func setOnPath(set []ssa.Instruction, ret ssa.Instruction) bool {
	for _, st := range set {
		if before(st, ret) {
			return true
		}
	}
	return false
}

// notNil reports whether v is certainly not nil: something just made,
// a function, an interface boxing a value, or a pointer asserted from an
// interface.
func notNil(v ssa.Value, depth int) bool {
	switch x := v.(type) {
	case *ssa.Alloc, *ssa.MakeMap, *ssa.MakeChan, *ssa.MakeClosure, *ssa.Function, *ssa.MakeInterface, *ssa.FieldAddr, *ssa.IndexAddr:
		return true
	case *ssa.TypeAssert:
		_, ptr := x.AssertedType.Underlying().(*types.Pointer)
		return !x.CommaOk && ptr
	case *ssa.Phi:
		if depth > 4 {
			return false
		}
		for _, e := range x.Edges {
			if !notNil(e, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// nilable reports whether a field of type t can be nil.
func nilable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature, *types.Interface, *types.Slice:
		return true
	}
	return false
}

func isPtrTo(t types.Type, named *types.Named) bool {
	p, ok := t.Underlying().(*types.Pointer)
	return ok && types.Identical(p.Elem(), named)
}

// holdsByValue reports whether a value of type t contains an object of
// type named itself, not through a pointer: its zero value or a copy.
func holdsByValue(t types.Type, named *types.Named, depth int) bool {
	if depth > 4 {
		return false
	}
	if types.Identical(t, named) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Array:
		return holdsByValue(u.Elem(), named, depth+1)
	case *types.Slice:
		return holdsByValue(u.Elem(), named, depth+1)
	case *types.Map:
		return holdsByValue(u.Elem(), named, depth+1) || holdsByValue(u.Key(), named, depth+1)
	case *types.Chan:
		return holdsByValue(u.Elem(), named, depth+1)
	case *types.Tuple:
		for i := range u.Len() {
			if holdsByValue(u.At(i).Type(), named, depth+1) {
				return true
			}
		}
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsByValue(u.Field(i).Type(), named, depth+1) {
				return true
			}
		}
	}
	return false
}

// deadUnderNil reports whether instr runs only when a never-nil field
// is nil: a branch on `x.f == nil` (or `x.f != nil` false) dominates it.
func (n *neverNil) deadUnderNil(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil {
		return false
	}
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 || len(d.Succs) != 2 || d.Succs[0] == d.Succs[1] {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		for taken, s := range d.Succs {
			if s.Dominates(b) && len(s.Preds) == 1 && n.nilWhen(iff.Cond, taken == 0) {
				return true
			}
		}
	}
	return false
}

// nilWhen reports whether cond, found to be value, says a never-nil
// field is nil.
func (n *neverNil) nilWhen(cond ssa.Value, value bool) bool {
	x, eql, ok := nilCompare(cond)
	if !ok || eql != value {
		return false
	}
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	return ok && n.never(fa.X.Type(), fa.Field)
}

// DeadUnderNil reports whether instr, in this package, runs only when a
// field that is never nil (see neverNil) is nil: dead code.
func (r *Result) DeadUnderNil(instr ssa.Instruction) bool {
	if r.entries == nil || instr == nil {
		return false
	}
	r.nilOnce.Do(func() { r.nils = &neverNil{funcs: r.entries.funcs, pkg: r.entries.pkg} })
	r.nils.mu.Lock()
	defer r.nils.mu.Unlock()
	return r.nils.deadUnderNil(instr)
}
