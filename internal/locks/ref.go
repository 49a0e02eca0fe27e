// Package locks is concurlint's shared lock model, built on SSA: which
// mutex a Lock call names (its class and, inside one function, its
// instance), which locks are held at each instruction, and per-function
// summaries exported as facts so that callers in other packages see
// what a callee locks, returns holding, or releases.
package locks

import (
	"fmt"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// RootKind says where an instance is reached from.
type RootKind uint8

const (
	RootOther  RootKind = iota // a local, a call result, an element: only this function sees it
	RootParam                  // a parameter (receivers are parameter 0)
	RootFree                   // a closure's captured variable
	RootGlobal                 // a package-level variable
)

// Ref names one mutex as reached inside one function.
type Ref struct {
	// Class is the mutex's declaration, shared by all instances:
	// "(pkg.T).mu", "pkg.mu", "local mu@file.go:12". Empty when the
	// declaration cannot be named (a *sync.Mutex parameter).
	Class string
	// Key identifies the instance within the function: the root value
	// and the field path from it, so that two loads of s.mu agree.
	Key string
	// Root is the value the path starts from, and RootKind its kind;
	// Index is the parameter or free-variable index for those kinds.
	Root     ssa.Value
	RootKind RootKind
	Index    int
	// Path is the field path below the root (".mu", ".inner*.mu").
	Path string
	// Name renders the instance for messages: "s.mu", "from.mu".
	Name string
}

// refOf returns the Ref for the mutex whose address is v.
func refOf(fset *token.FileSet, v ssa.Value) (Ref, bool) {
	r := Ref{}
	class, ok := classOf(fset, v)
	if ok {
		r.Class = class
	}
	root, path, name := walk(v)
	if root == nil {
		return Ref{}, false
	}
	r.Root, r.Path, r.Name = root, path, name
	switch root := root.(type) {
	case *ssa.Parameter:
		r.RootKind = RootParam
		r.Index = indexOf(root.Parent().Params, root)
		r.Key = fmt.Sprintf("param%d%s", r.Index, path)
	case *ssa.FreeVar:
		r.RootKind = RootFree
		r.Index = indexOf(root.Parent().FreeVars, root)
		r.Key = fmt.Sprintf("free%d%s", r.Index, path)
	case *ssa.Global:
		r.RootKind = RootGlobal
		r.Key = "global:" + globalName(root) + path
	default:
		r.RootKind = RootOther
		r.Key = fmt.Sprintf("value:%s%s", root.Name(), path)
	}
	return r, true
}

// InstanceKey returns the instance key of the value v within its
// function, as Ref.Key would name a mutex at that address.
func InstanceKey(fset *token.FileSet, v ssa.Value) (string, bool) {
	r, ok := refOf(fset, v)
	return r.Key, ok
}

// RefOf names the storage at address v (a mutex, a map variable or
// field) the way the lock model names mutexes: its declaration (class)
// and its instance within the function.
func RefOf(fset *token.FileSet, v ssa.Value) (Ref, bool) {
	return refOf(fset, v)
}

// walk follows field addresses and loads down to a root value,
// returning the root, the path below it and a display name.
func walk(v ssa.Value) (root ssa.Value, path, name string) {
	for depth := 0; depth < 32; depth++ {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			f := fieldOf(x.X.Type(), x.Field)
			if f == nil {
				return nil, "", ""
			}
			path = "." + f.Name() + path
			name = "." + f.Name() + name
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				path = "*" + path
				v = x.X
				continue
			}
		case *ssa.IndexAddr, *ssa.Index, *ssa.Lookup:
			// s[0].mu evaluated twice is one instance: name elements
			// by their collection and index, not by the SSA value.
			coll, index, ok := element(x)
			if !ok {
				break
			}
			path = "[" + indexKey(index) + "]" + path
			name = "[" + indexName(index) + "]" + name
			v = coll
			continue
		case *ssa.Slice:
			low := "0"
			if x.Low != nil {
				low = indexKey(x.Low)
			}
			path = "[" + low + ":]" + path
			v = x.X
			continue
		case *ssa.Parameter:
			return x, path, x.Name() + name
		case *ssa.FreeVar:
			return x, path, x.Name() + name
		case *ssa.Global:
			return x, path, x.Name() + name
		case *ssa.Alloc:
			return x, path, x.Comment + name
		}
		if v == nil {
			return nil, "", ""
		}
		vn := v.Name()
		if n := exprName(v); n != "" {
			vn = n
		}
		return v, path, vn + name
	}
	return nil, "", ""
}

// element splits an element access into its collection and index.
func element(v ssa.Value) (coll, index ssa.Value, ok bool) {
	switch x := v.(type) {
	case *ssa.IndexAddr:
		return x.X, x.Index, true
	case *ssa.Index:
		return x.X, x.Index, true
	case *ssa.Lookup:
		return x.X, x.Index, !x.CommaOk
	}
	return nil, nil, false
}

// indexKey identifies an index: a constant by value, else the SSA value.
func indexKey(v ssa.Value) string {
	if c, ok := v.(*ssa.Const); ok && c.Value != nil {
		return c.Value.ExactString()
	}
	return v.Name()
}

// indexName renders an index for messages.
func indexName(v ssa.Value) string {
	if c, ok := v.(*ssa.Const); ok && c.Value != nil {
		return c.Value.ExactString()
	}
	return "i"
}

// exprName gives a readable name for an otherwise anonymous root.
func exprName(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Call:
		if fn := x.Call.StaticCallee(); fn != nil {
			return fn.Name() + "()"
		}
	}
	return ""
}

// classOf names the declaration whose storage v points to.
func classOf(fset *token.FileSet, v ssa.Value) (string, bool) {
	switch x := v.(type) {
	case *ssa.FieldAddr:
		f := fieldOf(x.X.Type(), x.Field)
		if f == nil {
			return "", false
		}
		if named := namedPointee(x.X.Type()); named != "" {
			return "(" + named + ")." + f.Name(), true
		}
		// A field of an anonymous struct: name it from its container.
		parent, ok := classOf(fset, x.X)
		if !ok {
			return "", false
		}
		return parent + "." + f.Name(), true
	case *ssa.Global:
		return globalName(x), true
	case *ssa.Alloc:
		return localClass(fset, x.Comment, x.Pos()), true
	case *ssa.FreeVar:
		return localClass(fset, x.Name(), x.Pos()), true
	case *ssa.UnOp:
		// The mutex pointer was loaded from somewhere: a field or
		// variable of type *sync.Mutex. Its declaration is the class.
		if x.Op == token.MUL {
			return classOf(fset, x.X)
		}
	}
	return "", false
}

func localClass(fset *token.FileSet, name string, pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := fset.Position(pos)
	return fmt.Sprintf("local %s@%s:%d", name, baseName(p.Filename), p.Line)
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

func fieldOf(ptr types.Type, index int) *types.Var {
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

func indexOf[T comparable](list []T, x T) int {
	for i, y := range list {
		if y == x {
			return i
		}
	}
	return -1
}

// pathDirs matches the directories of a package path inside a name.
var pathDirs = regexp.MustCompile(`([A-Za-z0-9_.~-]+/)+`)

// ShortClass renders a class or function name for messages without its
// package path's directories: "(*github.com/x/reg.Registry).mu" becomes
// "(*reg.Registry).mu"; a local's class becomes its name.
func ShortClass(class string) string {
	if class == "" {
		return "a mutex"
	}
	if rest, ok := strings.CutPrefix(class, "local "); ok {
		name, _, _ := strings.Cut(rest, "@")
		return name
	}
	return pathDirs.ReplaceAllString(class, "")
}

// OwnField reports whether a path below a receiver names a field of the
// receiver's own type (".m"), not one reached through another value
// (".mgr.m", ".items[0]").
func OwnField(path string) bool {
	return strings.Count(path, ".") == 1 && !strings.ContainsAny(path, "[*")
}
