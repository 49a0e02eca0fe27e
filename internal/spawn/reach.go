package spawn

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/concurlint/concurlint/internal/calls"
)

// Spawners reached through an interface method or a struct field, by
// internal/calls' rules for resolving such calls, on the syntax:
//
//   - an interface method of the package is a spawner when the
//     interface has a single implementation, declared beside it, whose
//     method is a spawner (two implementations, one spawning and one
//     running its argument, make no goroutine certain);
//   - a function-typed field of a struct of the package is a spawner
//     when every value the package stores to it (in a composite literal
//     or an assignment) is a spawner of the same parameter: a function,
//     a method value (p.Submit) or a function literal whose body spawns
//     its parameter. One store of anything else (a parameter, a call's
//     result, a non-spawning function) makes it none.

// viaInterfaces records the interface methods of the package whose
// single implementation is a spawner; it reports whether it learnt any.
func (t *Table) viaInterfaces(pkg *types.Package) bool {
	changed := false
	for _, name := range pkg.Scope().Names() {
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 {
			continue
		}
		iface, ok := named.Underlying().(*types.Interface)
		if !ok || iface.NumMethods() == 0 {
			continue
		}
		impls := calls.DeclaredImplementations(pkg, iface)
		if len(impls) != 1 {
			continue
		}
		for i := range iface.NumMethods() {
			m := iface.Method(i)
			if m.Pkg() != pkg {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(impls[0], true, pkg, m.Name())
			impl, ok := obj.(*types.Func)
			if !ok {
				continue
			}
			if params := t.inferred[impl.Origin()]; len(params) > len(t.inferred[m]) {
				t.inferred[m] = params
				changed = true
			}
		}
	}
	return changed
}

// viaFields records the function-typed fields of the package's structs
// whose every stored value spawns; it reports whether it learnt any.
func (t *Table) viaFields(info *types.Info, pkg *types.Package, files []*ast.File, calls map[*types.Func][]int) bool {
	stored := map[*types.Var][][]int{} // field → the params each stored value spawns
	store := func(field types.Object, val ast.Expr) {
		v, ok := field.(*types.Var)
		if !ok || !v.IsField() || v.Pkg() != pkg || !isFunc(v.Type()) {
			return
		}
		v = v.Origin()
		stored[v] = append(stored[v], t.valueSpawns(info, val, calls))
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				fieldStores(info, n, store)
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
					if !ok {
						continue
					}
					if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
						store(s.Obj(), rhsAt(n, i))
					}
				}
			}
			return true
		})
	}
	changed := false
	for v, all := range stored {
		params := all[0]
		for _, p := range all[1:] {
			params = slices.DeleteFunc(slices.Clone(params), func(i int) bool { return !slices.Contains(p, i) })
		}
		if len(params) > len(t.fields[v]) {
			t.fields[v] = params
			changed = true
		}
	}
	return changed
}

// fieldStores calls store for each field a struct literal sets.
func fieldStores(info *types.Info, lit *ast.CompositeLit, store func(types.Object, ast.Expr)) {
	st, ok := types.Unalias(deref(info.TypeOf(lit))).Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				store(info.Uses[id], ast.Unparen(kv.Value))
			}
		} else if i < st.NumFields() {
			store(st.Field(i), ast.Unparen(elt))
		}
	}
}

func deref(t types.Type) types.Type {
	if t == nil {
		return types.Typ[types.Invalid]
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// valueSpawns returns the parameters that the function value val runs
// on new goroutines: a spawner function or method value, or a literal
// whose body spawns them; nil for anything else.
func (t *Table) valueSpawns(info *types.Info, val ast.Expr, calls map[*types.Func][]int) []int {
	switch val := val.(type) {
	case *ast.FuncLit:
		c := candidate{body: val.Body, params: map[types.Object]int{}}
		for i, p := range litParams(info, val) {
			if isFunc(p.Type()) {
				c.params[p] = i
			}
		}
		return t.spawnedParams(info, c, calls)
	case *ast.Ident, *ast.SelectorExpr:
		if sel, ok := val.(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
				return nil // T.M: the receiver shifts the parameters
			}
		}
		if fn, ok := rootObject(info, val).(*types.Func); ok {
			if e, ok := t.lookup(fn); ok && e.params != nil && e.kind.Concurrent() {
				return e.params
			}
		}
	}
	return nil
}

// litParams returns a literal's parameters in order.
func litParams(info *types.Info, lit *ast.FuncLit) []*types.Var {
	sig, ok := info.TypeOf(lit).(*types.Signature)
	if !ok {
		return nil
	}
	var out []*types.Var
	for i := range sig.Params().Len() {
		out = append(out, sig.Params().At(i))
	}
	return out
}

// interfaceSpawners returns the package's interface methods found to
// spawn, in a stable order, for their facts.
func (t *Table) interfaceSpawners(pkg *types.Package) []*types.Func {
	var out []*types.Func
	for fn := range t.inferred {
		if recv := fn.Signature().Recv(); fn.Pkg() == pkg && recv != nil && types.IsInterface(recv.Type()) {
			out = append(out, fn)
		}
	}
	slices.SortFunc(out, func(a, b *types.Func) int { return int(a.Pos() - b.Pos()) })
	return out
}
