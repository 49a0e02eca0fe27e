package calls

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// invoke resolves an interface method call: to the concrete type's
// method when the interface value was made in the caller, else to each
// implementation declared in the package or a direct import.
func (r *Resolver) invoke(caller *ssa.Function, call *ssa.CallCommon) []Callee {
	if mi, ok := call.Value.(*ssa.MakeInterface); ok {
		if m := r.method(mi.X.Type(), call.Method); m != nil {
			return []Callee{{Fn: m, Kind: Static, Args: withRecv(mi.X, call.Args), Alternatives: 1}}
		}
		return nil
	}
	iface, ok := types.Unalias(call.Value.Type()).Underlying().(*types.Interface)
	if !ok || call.Method == nil {
		return nil
	}
	var out []Callee
	for _, t := range r.Implementations(iface) {
		if m := r.method(t, call.Method); m != nil {
			out = append(out, Callee{Fn: m, Args: withRecv(nil, call.Args)})
		}
	}
	return alternatives(dedup(out), Interface)
}

func withRecv(recv ssa.Value, args []ssa.Value) []ssa.Value {
	return append([]ssa.Value{recv}, args...)
}

// method returns the concrete method named like m in t's method set;
// nil when t has it only from an embedded interface (a wrapper that
// calls whatever that interface holds).
func (r *Resolver) method(t types.Type, m *types.Func) *ssa.Function {
	if r.pkg == nil || m == nil || types.IsInterface(t) {
		return nil
	}
	prog := r.pkg.Prog
	sel := prog.MethodSets.MethodSet(t).Lookup(m.Pkg(), m.Name())
	if sel == nil {
		return nil
	}
	if sig, ok := sel.Obj().Type().(*types.Signature); !ok || sig.Recv() == nil || types.IsInterface(sig.Recv().Type()) {
		return nil
	}
	return prog.MethodValue(sel)
}

// Implementations returns the named types (T, or *T when only the
// pointer's method set suffices) declared in the package or its direct
// imports that implement iface, nil when there are more than MaxImpls.
// Generic types are left out.
func (r *Resolver) Implementations(iface *types.Interface) []types.Type {
	if r.pkg == nil || iface == nil || iface.NumMethods() == 0 {
		return nil
	}
	r.mu.Lock()
	got := r.impls.At(iface)
	r.mu.Unlock()
	if got != nil {
		return got.([]types.Type)
	}
	var out []types.Type
	scopes := []*types.Package{r.pkg.Pkg}
	scopes = append(scopes, r.pkg.Pkg.Imports()...)
	for _, p := range scopes {
		for _, named := range r.concreteTypes(p) {
			if !r.mayImplement(named, iface) {
				continue
			}
			if t := implements(named, iface); t != nil {
				out = append(out, t)
			}
		}
	}
	if len(out) > MaxImpls {
		out = []types.Type{}
	}
	r.mu.Lock()
	r.impls.Set(iface, out)
	r.mu.Unlock()
	return out
}

// DeclaredImplementations returns the named types (T, or *T when only
// the pointer's method set suffices) declared in p that implement
// iface, by Implementations' rule; without SSA, for the syntax side.
func DeclaredImplementations(p *types.Package, iface *types.Interface) []types.Type {
	var out []types.Type
	for _, name := range p.Scope().Names() {
		if t := implementing(p.Scope().Lookup(name), iface); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// concreteTypes lists, in name order, the named types declared in p
// that may implement an interface (concrete, non-generic), once per
// package: a package calls through many interfaces, and listing a
// large package's scope is most of the cost of asking.
func (r *Resolver) concreteTypes(p *types.Package) []*types.Named {
	r.mu.Lock()
	list, ok := r.named[p]
	r.mu.Unlock()
	if ok {
		return list
	}
	for _, name := range p.Scope().Names() {
		if named := concrete(p.Scope().Lookup(name)); named != nil {
			list = append(list, named)
		}
	}
	r.mu.Lock()
	if r.named == nil {
		r.named = map[*types.Package][]*types.Named{}
	}
	r.named[p] = list
	r.mu.Unlock()
	return list
}

// mayImplement is a quick test that named cannot implement iface: a
// method of iface is missing from *named's method set (which has all
// of named's methods). types.Implements looks methods up one by one
// through embedded fields, and a package's interfaces are tried
// against every type of the package and its imports.
func (r *Resolver) mayImplement(named *types.Named, iface *types.Interface) bool {
	mset := r.msets.MethodSet(types.NewPointer(named))
	for i := 0; i < iface.NumMethods(); i++ {
		m := iface.Method(i)
		if mset.Lookup(m.Pkg(), m.Name()) == nil {
			return false
		}
	}
	return true
}

// implementing returns obj's named type, or a pointer to it, if it is
// a concrete, non-generic type implementing iface.
func implementing(obj types.Object, iface *types.Interface) types.Type {
	if named := concrete(obj); named != nil {
		return implements(named, iface)
	}
	return nil
}

// concrete returns the type obj declares if it is a concrete,
// non-generic named type.
func concrete(obj types.Object) *types.Named {
	tn, ok := obj.(*types.TypeName)
	if !ok || tn.IsAlias() {
		return nil
	}
	named, ok := tn.Type().(*types.Named)
	if !ok || named.TypeParams().Len() > 0 || types.IsInterface(named) {
		return nil
	}
	return named
}

// implements returns named, or a pointer to it, if it implements iface.
func implements(named *types.Named, iface *types.Interface) types.Type {
	if types.Implements(named, iface) {
		return named
	}
	if ptr := types.NewPointer(named); types.Implements(ptr, iface) {
		return ptr
	}
	return nil
}
