package access

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// ValueClass names the declaration the value v was loaded from, as
// Storage's class does, and also an element loaded from a slice or
// array (for _, ch := range r.chans): its container's class followed by
// "[]". Every element of r.chans shares the class "(pkg.T).chans[]".
// ClassOf leaves elements unnamed (the lock model names a mutex kept in
// a collection with ElementClass); analyzers that compare channels by
// class use this.
func ValueClass(fset *token.FileSet, v ssa.Value) string {
	if r, ok := Storage(fset, v); ok && r.Class != "" {
		return r.Class
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return ""
	}
	elem, ok := load.X.(*ssa.IndexAddr)
	if !ok {
		return ""
	}
	if container := ValueClass(fset, elem.X); container != "" {
		return container + "[]"
	}
	return ""
}

// ElementClass names a place at address v that ClassOf leaves unnamed
// because it lies in a collection: an element of a slice, array or map
// (&s.locks[i]), or the object a pointer held in one points to
// (shards[i] of a []*sync.Mutex, s.locks[k] of a map[K]*sync.Mutex, the
// value of a range over either, a comma-ok lookup's value), or a field
// of such an element of an anonymous struct type. Its class is the
// collection's followed by "[]", so that every element of one
// collection is one class of many instances: "pkg.shards[]",
// "(pkg.S).locks[]". It is "" when the collection's own class is not
// known (a local slice, a parameter). ClassOf keeps its answer for the
// analyzers that compare maps and channels by class; the lock model
// asks this one for a mutex ClassOf cannot name.
func ElementClass(fset *token.FileSet, v ssa.Value) (class, className string) {
	if f, ok := v.(*ssa.FieldAddr); ok {
		field := FieldOf(f.X.Type(), f.Field)
		if field == nil || FieldClass(f.X.Type(), field.Name()) != "" {
			return "", "" // a named struct's field: ClassOf names it
		}
		class, className = ElementClass(fset, f.X)
		if class == "" {
			return "", ""
		}
		return class + "." + field.Name(), className
	}
	coll := heldIn(v)
	if coll == nil {
		return "", ""
	}
	if r, ok := Storage(fset, coll); ok && r.Class != "" {
		class, className = r.Class, r.ClassName
	} else {
		class, className = ElementClass(fset, coll) // a collection kept in another
	}
	if class == "" {
		return "", ""
	}
	if className != "" {
		className += "[]"
	}
	return class + "[]", className
}

// heldIn returns the collection v is an element of, or whose element
// holds v: the slice or array of &s[i] and *&s[i], the map of m[k], of
// a comma-ok m[k]'s value and of a range over m's value.
func heldIn(v ssa.Value) ssa.Value {
	switch x := v.(type) {
	case *ssa.IndexAddr:
		return x.X
	case *ssa.UnOp:
		if elem, ok := x.X.(*ssa.IndexAddr); ok && x.Op == token.MUL {
			return elem.X
		}
	case *ssa.Lookup:
		if isMap(x.X) && !x.CommaOk {
			return x.X
		}
	case *ssa.Extract:
		switch t := x.Tuple.(type) {
		case *ssa.Lookup:
			if isMap(t.X) && t.CommaOk && x.Index == 0 {
				return t.X
			}
		case *ssa.Next:
			if r, ok := t.Iter.(*ssa.Range); ok && !t.IsString && x.Index == 2 && isMap(r.X) {
				return r.X
			}
		}
	}
	return nil
}

func isMap(v ssa.Value) bool {
	_, ok := v.Type().Underlying().(*types.Map)
	return ok
}
