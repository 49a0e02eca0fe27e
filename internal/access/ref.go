package access

import (
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Ref names a place (a mutex, a map, a channel variable or field) as
// reached inside one function: its path, its class and, derived from
// the path, a key and a display name.
type Ref struct {
	// Class is the place's declaration, shared by all instances:
	// "(pkg.T).mu", "pkg.mu", "local mu@file.go:12". Empty when the
	// declaration cannot be named (a *sync.Mutex parameter).
	Class string
	// ClassName is how messages name a local variable's class: the
	// variable's name ("mu"). It is empty for the other classes, which
	// messages name by Class itself (shortened: locks.ShortClass).
	ClassName string
	// Path is the place's access path in the function's terms.
	Path Path
	// Key is Path.Key(): a map key only, never parsed.
	Key string
	// name replaces Path.Display() as the display name, when set.
	name string
}

// Name is the place's display name: Path.Display() ("s.mu",
// "from.mu"), unless WithName gave another. It is rendered on demand:
// only messages read it, and most refs the passes make end in no
// message (rendering every one cost ~2% of a large package's time).
func (r Ref) Name() string {
	if r.name != "" {
		return r.name
	}
	return r.Path.Display()
}

// WithName returns r displayed as name.
func (r Ref) WithName(name string) Ref {
	r.name = name
	return r
}

// newRef completes a Ref from its class (and a local's class name) and
// path.
func newRef(class, className string, p Path) Ref {
	return Ref{Class: class, ClassName: className, Path: p, Key: p.Key()}
}

// RefOf names the place whose address is v: the path of v and the
// class of the declaration v points into.
func RefOf(fset *token.FileSet, v ssa.Value) (Ref, bool) {
	r, ok := PlaceOf(fset, v)
	if !ok {
		return Ref{}, false
	}
	return newRef(r.Class, r.ClassName, r.Path), true
}

// PlaceOf is RefOf without the key and display name, which Rebase never
// reads of the outer value it is given: its Namer for an address.
func PlaceOf(fset *token.FileSet, v ssa.Value) (Ref, bool) {
	p, ok := PathOf(v)
	if !ok {
		return Ref{}, false
	}
	class, className, _ := ClassOf(fset, v)
	return Ref{Class: class, ClassName: className, Path: p}, true
}

// Storage names where a value lives: the variable or field it was
// loaded from, or the value itself (a parameter, a fresh value).
func Storage(fset *token.FileSet, v ssa.Value) (Ref, bool) {
	r, ok := StoragePlace(fset, v)
	if !ok {
		return Ref{}, false
	}
	return newRef(r.Class, r.ClassName, r.Path), true
}

// StoragePlace is Storage without the key and display name (PlaceOf):
// Rebase's Namer for a value held in a variable.
func StoragePlace(fset *token.FileSet, v ssa.Value) (Ref, bool) {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		return PlaceOf(fset, load.X)
	}
	return PlaceOf(fset, v)
}

// PathOf follows field addresses, loads and element selections from v
// down to a root value, and returns the path from that root to v.
func PathOf(v ssa.Value) (Path, bool) {
	var steps []Step // reversed
	var indices []ssa.Value
	add := func(s Step, index ssa.Value) {
		steps = append(steps, s)
		indices = append(indices, index)
	}
	for len(steps) < MaxSteps {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			f := FieldOf(x.X.Type(), x.Field)
			if f == nil {
				return Path{}, false
			}
			add(Step{Kind: Field, Name: f.Name()}, nil)
			v = x.X
			continue
		case *ssa.UnOp:
			if param := ParamCell(x.X); param != nil && x.Op == token.MUL {
				// A captured parameter's cell: the load is the parameter.
				v = param
				continue
			}
			if x.Op == token.MUL {
				add(Step{Kind: Deref}, nil)
				v = x.X
				continue
			}
		case *ssa.IndexAddr, *ssa.Index, *ssa.Lookup:
			// s[0].mu evaluated twice is one instance: name elements
			// by their collection and index, not by the SSA value.
			coll, index, kind, ok := element(x)
			if !ok {
				break
			}
			s, iv := indexStep(kind, index)
			add(s, iv)
			v = coll
			continue
		case *ssa.Slice:
			s := Step{Kind: Slice, Name: "0"}
			var iv ssa.Value
			if x.Low != nil {
				s, iv = indexStep(Slice, x.Low)
			}
			add(s, iv)
			v = x.X
			continue
		}
		if v == nil {
			return Path{}, false
		}
		return Path{Root: rootOf(v), Steps: reverse(steps), value: v, indices: reverse(indices)}, true
	}
	return Path{}, false
}

func reverse[T any](s []T) []T {
	out := make([]T, len(s))
	for i, x := range s {
		out[len(s)-1-i] = x
	}
	return out
}

// rootOf describes the value a path starts from.
func rootOf(v ssa.Value) Root {
	switch x := v.(type) {
	case *ssa.Parameter:
		return Root{Kind: Param, Index: slices.Index(x.Parent().Params, x), Name: x.Name()}
	case *ssa.FreeVar:
		return Root{Kind: Free, Index: slices.Index(x.Parent().FreeVars, x), Name: x.Name()}
	case *ssa.Global:
		return Root{Kind: Global, Global: globalName(x), Name: x.Name()}
	case *ssa.Alloc:
		return Root{Kind: Alloc, Name: x.Comment}
	}
	name := v.Name()
	if call, ok := v.(*ssa.Call); ok {
		if fn := call.Call.StaticCallee(); fn != nil {
			name = fn.Name() + "()"
		}
	}
	return Root{Kind: Local, Name: name}
}

// element splits an element access into its collection and index.
func element(v ssa.Value) (coll, index ssa.Value, kind StepKind, ok bool) {
	switch x := v.(type) {
	case *ssa.IndexAddr:
		return x.X, x.Index, Index, true
	case *ssa.Index:
		return x.X, x.Index, Index, true
	case *ssa.Lookup:
		if _, isMap := x.X.Type().Underlying().(*types.Map); isMap {
			return x.X, x.Index, MapValue, !x.CommaOk
		}
		return x.X, x.Index, Index, !x.CommaOk
	}
	return nil, nil, 0, false
}

// indexStep describes an index: a constant by its value, any other value
// as Dynamic, named by its SSA name.
func indexStep(kind StepKind, v ssa.Value) (Step, ssa.Value) {
	if c, ok := v.(*ssa.Const); ok && c.Value != nil {
		return Step{Kind: kind, Name: c.Value.ExactString()}, nil
	}
	return Step{Kind: kind, Name: v.Name(), Dynamic: true}, v
}

// ClassOf names the declaration whose storage v points to, and, for a
// local variable, how messages name it (Ref.ClassName).
func ClassOf(fset *token.FileSet, v ssa.Value) (class, className string, ok bool) {
	switch x := v.(type) {
	case *ssa.FieldAddr:
		f := FieldOf(x.X.Type(), x.Field)
		if f == nil {
			return "", "", false
		}
		if class := FieldClass(x.X.Type(), f.Name()); class != "" {
			return class, "", true
		}
		// A field of an anonymous struct: name it from its container.
		parent, parentName, ok := ClassOf(fset, x.X)
		if !ok {
			return "", "", false
		}
		// A local's field keeps the local's name in messages, as the
		// class string's display always did.
		return parent + "." + f.Name(), parentName, true
	case *ssa.Global:
		return globalName(x), "", true
	case *ssa.Alloc:
		return localClass(fset, x.Comment, x.Pos())
	case *ssa.FreeVar:
		return localClass(fset, x.Name(), x.Pos())
	case *ssa.UnOp:
		// The pointer was loaded from somewhere: a field or variable of
		// type *sync.Mutex. Its declaration is the class.
		if x.Op == token.MUL {
			return ClassOf(fset, x.X)
		}
	}
	return "", "", false
}

// LocalPrefix starts the class of a local variable: "local mu@file.go:12".
const LocalPrefix = "local "

// localClass returns a local variable's class and the name messages
// give it.
func localClass(fset *token.FileSet, name string, pos token.Pos) (class, className string, ok bool) {
	if !pos.IsValid() {
		return "", "", true
	}
	return LocalPrefix + name + "@" + FilePos(fset, pos), name, true
}

// FilePos renders pos as "file.go:41", for classes, messages and facts.
func FilePos(fset *token.FileSet, pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := fset.Position(pos)
	return baseName(p.Filename) + ":" + strconv.Itoa(p.Line)
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

func globalName(g *ssa.Global) string {
	if g.Pkg != nil {
		return g.Pkg.Pkg.Path() + "." + g.Name()
	}
	return g.Name()
}

// FieldClass is the class of field name of the named type ptr points
// to, "(pkg.T).name" as ClassOf names it; "" when ptr points to no
// named type.
func FieldClass(ptr types.Type, name string) string {
	named := namedPointee(ptr)
	if named == "" {
		return ""
	}
	return "(" + named + ")." + name
}

// namedPointee returns "pkgpath.T" when t is *T for a named T.
func namedPointee(t types.Type) string {
	ptr, ok := types.Unalias(t).Underlying().(*types.Pointer)
	if !ok {
		return ""
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok {
		return ""
	}
	obj := named.Origin().Obj()
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// FieldOf returns field index of the struct ptr points to, or nil.
func FieldOf(ptr types.Type, index int) *types.Var {
	p, ok := types.Unalias(ptr).Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	s, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || index < 0 || index >= s.NumFields() {
		return nil
	}
	return s.Field(index)
}

// ParamCell returns the parameter that v, a variable's cell, holds for
// life. go/ssa spills a parameter that a closure captures into a cell
// (`t0 = local *T (c)`; `*t0 = c`) and loads it at each use; when the
// parameter is the only value ever stored there (by this function and
// by the closures the cell is bound to), every load is the parameter:
// c.mu is the receiver's lock, as it is in a method without closures.
func ParamCell(v ssa.Value) *ssa.Parameter {
	p, ok := CellValue(v).(*ssa.Parameter)
	if !ok || p.Parent() != v.Parent() {
		return nil
	}
	return p
}

// CellValue returns the one value that v, a variable's cell, holds for
// life: the value its function stores there once, when the closures it
// is bound to only load it and its address goes nowhere else (a
// captured ctx or cancel: `t0 = local (ctx)`; `*t0 = t2`). Else nil.
func CellValue(v ssa.Value) ssa.Value {
	a, ok := v.(*ssa.Alloc)
	if !ok || a.Referrers() == nil {
		return nil
	}
	var val ssa.Value
	for _, r := range *a.Referrers() {
		switch x := r.(type) {
		case *ssa.Store:
			if x.Addr != v || val != nil {
				return nil
			}
			val = x.Val
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure:
			if !OnlyLoaded(x, v) {
				return nil
			}
		case *ssa.DebugRef:
		default:
			return nil // its address escapes: it may be written elsewhere
		}
	}
	return val
}

// OnlyLoaded reports whether the closures mc creates (and those they
// create in turn) only load the cell v bound to them.
func OnlyLoaded(mc *ssa.MakeClosure, v ssa.Value) bool { return onlyLoaded(mc, v, 0) }

// onlyLoaded reports whether the closures mc creates (and those they
// create in turn) only load the cell v bound to them.
func onlyLoaded(mc *ssa.MakeClosure, v ssa.Value, depth int) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || depth > 4 {
		return false
	}
	for i, b := range mc.Bindings {
		if b != v || i >= len(fn.FreeVars) {
			continue
		}
		fv := fn.FreeVars[i]
		for _, r := range *fv.Referrers() {
			switch x := r.(type) {
			case *ssa.UnOp:
				if x.Op != token.MUL {
					return false
				}
			case *ssa.MakeClosure:
				if !onlyLoaded(x, fv, depth+1) {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
	}
	return true
}
