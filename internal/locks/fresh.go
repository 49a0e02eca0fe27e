package locks

import (
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Unpublished reports whether the mutex r names lies in an object this
// function allocated and that no other goroutine can reach yet at
// instruction at (see package publish): no one else can hold it or
// wait for it, so holding it orders nothing.
func (ff *FuncFlow) Unpublished(r Ref, at ssa.Instruction) bool {
	return ff.flow != nil && ff.flow.unpublished(r, at)
}

func (f *flow) unpublished(r Ref, at ssa.Instruction) bool {
	if f.pub == nil || at == nil {
		return false
	}
	obj := objectOf(r)
	return obj != nil && obj.Parent() == f.fn && !f.pub.Published(obj, at)
}

// objectOf returns the allocation r's mutex is part of: r's root when
// the path stays inside it (fields, no loads or elements), or the one
// allocation a variable's cell holds (c := &T{} captured by a closure
// is such a cell: c.mu is "*.mu" below it).
func objectOf(r Ref) *ssa.Alloc {
	alloc, ok := r.Root.(*ssa.Alloc)
	if !ok {
		return nil
	}
	path := r.Path
	if rest, ok := strings.CutPrefix(path, "*"); ok {
		obj, ok := storedOnce(alloc).(*ssa.Alloc)
		if !ok {
			return nil
		}
		alloc, path = obj, rest
	}
	if strings.ContainsAny(path, "*[") {
		return nil
	}
	return alloc
}

// storedOnce returns the value stored in a variable's cell when it is
// written exactly once and otherwise only loaded or captured.
func storedOnce(cell *ssa.Alloc) ssa.Value {
	var val ssa.Value
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != cell || val != nil {
				return nil
			}
			val = r.Val
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return nil
		}
	}
	return val
}
