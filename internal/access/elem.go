package access

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// ValueClass names the declaration the value v was loaded from, as
// Storage's class does, and also an element loaded from a slice or
// array (for _, ch := range r.chans): its container's class followed by
// "[]". Every element of r.chans shares the class "(pkg.T).chans[]".
// ClassOf leaves elements unnamed (the lock model keeps a mutex in a
// slice apart); analyzers that compare channels by class use this.
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
