package locks

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/publish"
)

// Unpublished reports whether the mutex r names lies in an object this
// function allocated, or every caller passes it unpublished, and that
// no other goroutine can reach yet at instruction at (see package
// publish): no one else can hold it or
// wait for it, so holding it orders nothing.
func (ff *FuncFlow) Unpublished(r Ref, at ssa.Instruction) bool {
	if ff.flow == nil || ff.flow.pub == nil {
		return false
	}
	// The model's query, which Analyzer's edges and lockorder ask
	// after the model is sealed, beside the other passes built on it.
	ff.flow.pub.Lock()
	defer ff.flow.pub.Unlock()
	return ff.flow.unpublished(r, at)
}

func (f *flow) unpublished(r Ref, at ssa.Instruction) bool {
	if f.pub == nil || at == nil {
		return false
	}
	// A parameter every caller passes unpublished (see package publish).
	if p, ok := r.Path.Value().(*ssa.Parameter); ok && p.Parent() == f.fn && r.Path.Within() {
		return !f.pub.ParamPublished(p, at)
	}
	obj := objectOf(r)
	return obj != nil && obj.Parent() == f.fn && !f.pub.Published(obj, at)
}

// objectOf returns the allocation r's mutex is part of: r's root when
// the path stays inside it (fields, no loads or elements), or the one
// allocation a variable's cell holds (c := &T{} captured by a closure
// is such a cell: c.mu is "*.mu" below it).
func objectOf(r Ref) *ssa.Alloc {
	alloc, ok := r.Path.Value().(*ssa.Alloc)
	if !ok {
		return nil
	}
	path := r.Path
	if rest, ok := path.FirstLoad(); ok {
		obj, ok := publish.StoredOnce(alloc).(*ssa.Alloc)
		if !ok {
			return nil
		}
		alloc, path = obj, rest
	}
	if !path.Within() {
		return nil
	}
	return alloc
}

// HandedOnlyToPackage reports whether the mutex r names lies in an
// object this function allocated that, at instruction at, only the
// package code this function calls or starts can have reached (see
// publish.Query.HandedOnlyToPackage): code that runs none of it cannot
// hold the mutex yet.
func (ff *FuncFlow) HandedOnlyToPackage(r Ref, at ssa.Instruction) bool {
	if ff.flow == nil || ff.flow.pub == nil || at == nil {
		return false
	}
	obj := objectOf(r)
	if obj == nil || obj.Parent() != ff.Fn {
		return false
	}
	ff.flow.pub.Lock()
	defer ff.flow.pub.Unlock()
	return ff.flow.pub.HandedOnlyToPackage(obj, at)
}
