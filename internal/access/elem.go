package access

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
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
// (&s.locks[i]), or the object a pointer held in one points to:
// shards[i] of a []*sync.Mutex, s.locks[k] of a map[K]*sync.Mutex, the
// value of a range over either, a comma-ok lookup's value and that
// value merged with a new mutex stored into the same map when the key
// was missing, a value asserted out of a sync.Map kept in a field or a
// variable, and the result of a getter of this package returning such
// an element from every return; or a field of such an element of an
// anonymous struct type. Its class is the collection's followed by
// "[]", so that every element of one collection is one class of many
// instances: "pkg.shards[]", "(pkg.S).locks[]". It is "" when the
// collection's own class is not known (a local slice, a parameter).
// ClassOf keeps its answer for the analyzers that compare maps and
// channels by class; the lock model asks this one for a mutex ClassOf
// cannot name.
func ElementClass(fset *token.FileSet, v ssa.Value) (class, className string) {
	return elementClass(fset, v, 0)
}

// maxElementDepth bounds the collections within collections and the
// phis ElementClass follows.
const maxElementDepth = 8

func elementClass(fset *token.FileSet, v ssa.Value, depth int) (class, className string) {
	if depth > maxElementDepth {
		return "", ""
	}
	switch x := v.(type) {
	case *ssa.FieldAddr:
		field := FieldOf(x.X.Type(), x.Field)
		if field == nil || FieldClass(x.X.Type(), field.Name()) != "" {
			return "", "" // a named struct's field: ClassOf names it
		}
		class, className = elementClass(fset, x.X, depth+1)
		if class == "" {
			return "", ""
		}
		return class + "." + field.Name(), className
	case *ssa.Phi:
		return phiElementClass(fset, x, depth)
	case *ssa.Call:
		return returnedElementClass(fset, x, depth)
	case *ssa.TypeAssert:
		return syncMapClass(fset, x)
	case *ssa.Extract:
		if ta, ok := x.Tuple.(*ssa.TypeAssert); ok && x.Index == 0 {
			return syncMapClass(fset, ta) // m, ok := v.(*sync.Mutex)
		}
	}
	if coll := heldIn(v); coll != nil {
		return collectionClass(fset, coll, depth)
	}
	return "", ""
}

// collectionClass names the elements of the collection coll: its class
// followed by "[]".
func collectionClass(fset *token.FileSet, coll ssa.Value, depth int) (class, className string) {
	if r, ok := Storage(fset, coll); ok && r.Class != "" {
		return elementsOf(r.Class, r.ClassName)
	}
	return elementsOf(elementClass(fset, coll, depth+1)) // a collection kept in another
}

// elementsOf names the elements of a collection of class class: "[]"
// after its class and its class name. Unnamed stays unnamed.
func elementsOf(class, className string) (string, string) {
	if class == "" {
		return "", ""
	}
	if className != "" {
		className += "[]"
	}
	return class + "[]", className
}

// phiElementClass names a phi all of whose values are elements of one
// class, or new objects stored as elements of that class: the lock made
// on first use (m, ok := s.locks[k]; if !ok { m = new(sync.Mutex);
// s.locks[k] = m }).
func phiElementClass(fset *token.FileSet, phi *ssa.Phi, depth int) (class, className string) {
	var made []*ssa.Alloc
	for _, e := range phi.Edges {
		if a, ok := e.(*ssa.Alloc); ok && a.Heap {
			made = append(made, a)
			continue
		}
		if e == phi {
			continue
		}
		c, n := elementClass(fset, e, depth+1)
		if c == "" || (class != "" && c != class) {
			return "", ""
		}
		class, className = c, n
	}
	if class == "" {
		return "", ""
	}
	for _, a := range made {
		if !storedAs(fset, a, class, depth) {
			return "", ""
		}
	}
	return class, className
}

// maxGetterBlocks bounds the functions returnedElementClass reads: a
// getter is small, and the lock model asks at every visit of a Lock.
const maxGetterBlocks = 64

// returnedElementClass names the result of a call to a function whose
// body is in this package and that returns an element of one class from
// every return: the getter of a per-key lock (func (l *keyLocks)
// get(k string) *sync.Mutex, creating the lock on first use).
func returnedElementClass(fset *token.FileSet, call *ssa.Call, depth int) (class, className string) {
	fn := call.Call.StaticCallee()
	if fn == nil || len(fn.Blocks) == 0 || len(fn.Blocks) > maxGetterBlocks || fn.Signature.Results().Len() != 1 {
		return "", ""
	}
	for _, b := range fn.Blocks {
		ret, ok := ssautil.ReturnOf(b)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		c, n := elementClass(fset, ret.Results[0], depth+1)
		if c == "" || strings.HasPrefix(c, LocalPrefix) || (class != "" && c != class) {
			return "", ""
		}
		class, className = c, n
	}
	return class, className
}

// syncMapLoads are the methods of sync.Map whose first result is a value
// the map holds.
var syncMapLoads = map[string]bool{"(*sync.Map).Load": true, "(*sync.Map).LoadOrStore": true}

// syncMapClass names a value asserted out of a sync.Map kept in a field
// or a variable (v, _ := s.locks.LoadOrStore(k, &sync.Mutex{});
// v.(*sync.Mutex)) as an element of that map.
func syncMapClass(fset *token.FileSet, ta *ssa.TypeAssert) (class, className string) {
	got, ok := ta.X.(*ssa.Extract)
	if !ok || got.Index != 0 {
		return "", ""
	}
	call, ok := got.Tuple.(*ssa.Call)
	if !ok || !syncMapLoads[ssautil.CalleeName(&call.Call)] || len(call.Call.Args) == 0 {
		return "", ""
	}
	class, className, _ = ClassOf(fset, call.Call.Args[0])
	return elementsOf(class, className)
}

// storedAs reports whether the function stores the new object a into a
// collection whose elements have class class.
func storedAs(fset *token.FileSet, a *ssa.Alloc, class string, depth int) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		var coll ssa.Value
		switch x := r.(type) {
		case *ssa.MapUpdate:
			if x.Value == a {
				coll = x.Map
			}
		case *ssa.Store:
			if elem, ok := x.Addr.(*ssa.IndexAddr); ok && x.Val == a {
				coll = elem.X
			}
		}
		if coll == nil {
			continue
		}
		if c, _ := collectionClass(fset, coll, depth+1); c == class {
			return true
		}
	}
	return false
}

// heldIn returns the collection v is an element of, or whose element
// holds v: the slice, array or map of &s[i], *&s[i] and m[k] (element's
// split), of a comma-ok m[k]'s value and of a range over m's value.
func heldIn(v ssa.Value) ssa.Value {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if _, ok := load.X.(*ssa.IndexAddr); ok {
			v = load.X // a pointer held in the element
		}
	}
	if coll, _, _, ok := element(v); ok {
		return coll
	}
	if x, ok := v.(*ssa.Extract); ok {
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
