package effects

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/locks"
)

// dispatched reports whether an interface call's map effects are those
// of every implementation it resolves to, each as one that may run:
// the interface and all its implementations (two or more, at most
// calls.MaxImpls) are declared in this package, as a package's own
// Interface with its heap and its wrapper is. A path an implementation
// names below its receiver is kept in a caller only where it fits the
// concrete type the interface value holds there (see fits): the other
// implementations' paths are not that value's.
func (r *Result) dispatched(common *ssa.CallCommon, resolved []calls.Callee) bool {
	if !common.IsInvoke() || len(resolved) < 2 {
		return false
	}
	for _, c := range resolved {
		if c.Kind != calls.Interface || c.Fn == nil || c.Fn.Pkg != r.pkg || !locks.BesideInterface(common, c.Fn) {
			return false
		}
	}
	return true
}

// fitsArg reports whether a place below a parameter can be the place
// the argument names at site: when the argument is an interface value
// made there from a concrete one, each field the path selects must be
// a field of that value's type (and the last one the field of place's
// class). A path of another implementation than the value's (one
// dispatched to, see dispatched) names nothing the caller has. Any
// other argument, and a path this cannot follow (through an element, a
// type parameter), fits.
func fitsArg(site access.Site, place access.Fact, class string) bool {
	if place.Root.Kind != access.Param || len(place.Steps) == 0 || place.Root.Index >= len(site.Args) {
		return true
	}
	mi, ok := site.Args[place.Root.Index].(*ssa.MakeInterface)
	if !ok {
		return true
	}
	return fits(mi.X.Type(), place.Steps, class)
}

// fits reports whether steps can be taken from a value of type t (see
// fitsArg): false only when a field step names no field of the struct t
// points to, or the last field is not class's. Elements are followed by
// their element types; a type this does not follow fits.
func fits(t types.Type, steps []access.Step, class string) bool {
	for i, st := range steps {
		var ok bool
		if st.Kind == access.Field {
			var f *types.Var
			if f, ok = fieldOf(t, st.Name, i == len(steps)-1, class); f == nil {
				return ok
			}
			t = types.NewPointer(f.Type()) // a field step is the field's address
			continue
		}
		var known bool
		if t, ok, known = stepType(t, st.Kind); !ok {
			return !known
		}
	}
	return true
}

// fieldOf returns the field named name of the struct t points to; nil
// and false when there is none (or, for the last step, it is not
// class's field), nil and true when t is not a pointer to a struct.
func fieldOf(t types.Type, name string, last bool, class string) (*types.Var, bool) {
	ptr, ok := types.Unalias(t).Underlying().(*types.Pointer)
	if !ok {
		return nil, true
	}
	s, ok := ptr.Elem().Underlying().(*types.Struct)
	if !ok {
		return nil, true
	}
	var f *types.Var
	for i := 0; i < s.NumFields(); i++ {
		if s.Field(i).Name() == name {
			f = s.Field(i)
		}
	}
	if f == nil {
		return nil, false
	}
	if last && strings.HasPrefix(class, "(") {
		if own := access.FieldClass(t, name); own != "" && own != class {
			return nil, false
		}
	}
	return f, true
}

// stepType returns the type of the value a step other than a field
// step yields from a value of type t, as access.PathOf takes them; not
// ok when it yields none, known when t's type says so (an index into a
// map, a key of a slice).
func stepType(t types.Type, kind access.StepKind) (_ types.Type, ok, known bool) {
	u := types.Unalias(t).Underlying()
	ptr, isPtr := u.(*types.Pointer)
	if isPtr {
		if kind == access.Deref {
			return ptr.Elem(), true, true
		}
		arr, ok := ptr.Elem().Underlying().(*types.Array)
		if !ok {
			return nil, false, true
		}
		u = arr // IndexAddr and Slice take a pointer to an array
	}
	switch x := u.(type) {
	case *types.Slice:
		switch kind {
		case access.Index:
			return types.NewPointer(x.Elem()), true, true
		case access.Slice:
			return x, true, true
		}
	case *types.Array:
		switch kind {
		case access.Index:
			if isPtr {
				return types.NewPointer(x.Elem()), true, true
			}
			return x.Elem(), true, true
		case access.Slice:
			return types.NewSlice(x.Elem()), true, true
		}
	case *types.Map:
		if kind == access.MapValue {
			return x.Elem(), true, true
		}
	case *types.Struct:
	default:
		return nil, false, false // a string, a type parameter
	}
	return nil, false, true
}

// A dispatched call makes cycles of a kind ordinary calls rarely do: a
// wrapper implements the interface by calling the function that calls
// through it (Heap.Pop calls Pop(h.data), which calls h.Pop()). A
// summary made while its cycle is in progress sees the rest of the
// cycle empty; when the cycle's first function is not the one the
// dispatched call runs, that summary is kept only until it is asked for
// again, then made anew: Heap.Pop, made inside Pop's summary, sees Pop
// empty and is made again once Pop is done.

// maxRemade bounds how many times one summary is made again: a
// provisional summary asked for from several calls inside its cycle is
// made at each, and nested cycles would multiply that.
const maxRemade = 2

// frame is a summary in progress.
type frame struct {
	fn *ssa.Function
	// dispatched: its function was entered as an implementation a
	// dispatched call runs; provisional: it saw a summary in progress
	// below such a frame, and is not kept.
	dispatched, provisional bool
}

// enter pushes fn's frame and returns the function that pops it, and
// forgets fn's summary if it was provisional.
func (r *Result) enter(fn *ssa.Function, dispatched bool) func() {
	r.stack = append(r.stack, frame{fn: fn, dispatched: dispatched})
	if dispatched {
		r.dispatchedFrames++
	}
	return func() {
		top := r.stack[len(r.stack)-1]
		r.stack = r.stack[:len(r.stack)-1]
		if top.dispatched {
			r.dispatchedFrames--
		}
		if top.provisional && r.remade[fn] < maxRemade {
			delete(r.sums, fn)
			if r.remade == nil {
				r.remade = map[*ssa.Function]int{}
			}
			r.remade[fn]++
		}
	}
}

// recursed notes that a summary in progress asked for fn's: if fn is
// in progress below a dispatched frame, the frames from there up are
// provisional.
func (r *Result) recursed(fn *ssa.Function) {
	if r.dispatchedFrames == 0 {
		return
	}
	k := -1
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].fn == fn {
			k = i
			break
		}
	}
	if k < 0 {
		return
	}
	through := false
	for j := k + 1; j < len(r.stack); j++ {
		through = through || r.stack[j].dispatched
	}
	if !through {
		return
	}
	for j := k + 1; j < len(r.stack); j++ {
		r.stack[j].provisional = true
	}
}
