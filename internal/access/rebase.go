package access

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Site is where one function's paths meet another's: a call, a go
// statement or a closure's creation. Args are the values bound to the
// inner function's parameters (a bound method's receiver first), and
// Bindings the values bound to its free variables.
type Site struct {
	Args     []ssa.Value
	Bindings []ssa.Value
}

// CallSite returns the site of a call: its arguments, and the bindings
// of the closure it calls, if it calls one.
func CallSite(call *ssa.CallCommon) Site {
	s := Site{Args: call.Args}
	if mc, ok := call.Value.(*ssa.MakeClosure); ok && !call.IsInvoke() {
		s.Bindings = mc.Bindings
	}
	return s
}

// Namer names an outer function's value: RefOf for an address (a mutex
// passed as &mu), Storage for a value held in a variable (a channel or a
// map passed by value).
type Namer func(*token.FileSet, ssa.Value) (Ref, bool)

// Rebase translates r, a place in an inner function's terms (a callee,
// a goroutine's body, a closure), into the outer function's terms at
// site s: a parameter's place is below the argument, a free variable's
// below the bound variable, a package variable's is itself. A place
// below the inner function's own values (a local, an allocation) has no
// outer name: ok is false. name names the outer value (PlaceOf or
// StoragePlace: only its path and class are read). The result keeps
// r's class (the declaration of the place does not change with the path
// that reaches it), except that a place
// that is the inner root itself (a parameter, which declares nothing
// the outer function can see) takes the outer value's class when known.
//
// Steps are copied as they are: an element selected by the inner
// function's parameter i stays an element at a non-constant index (the
// argument may vary between calls), never an element at a constant.
func (s Site) Rebase(fset *token.FileSet, r Ref, name Namer) (Ref, bool) {
	p := r.Path
	var outer ssa.Value
	switch p.Root.Kind {
	case Global:
		q := Path{Root: p.Root, Steps: p.Steps}
		return newRef(r.Class, r.ClassName, q), true
	case Param:
		if p.Root.Index < 0 || p.Root.Index >= len(s.Args) {
			return Ref{}, false
		}
		outer = s.Args[p.Root.Index]
	case Free:
		if p.Root.Index < 0 || p.Root.Index >= len(s.Bindings) {
			return Ref{}, false
		}
		outer = s.Bindings[p.Root.Index]
		if param := ParamCell(outer); param != nil {
			// A captured parameter: below its cell is below the parameter.
			if rest, ok := p.FirstLoad(); ok {
				outer, p = param, rest
			}
		}
	}
	if outer == nil {
		return Ref{}, false
	}
	base, ok := name(fset, outer)
	if !ok {
		return Ref{}, false
	}
	q, ok := base.Path.Extend(p)
	if !ok {
		return Ref{}, false
	}
	class, className := r.Class, r.ClassName
	if len(p.Steps) == 0 && base.Class != "" {
		class, className = base.Class, base.ClassName // the place is the outer value itself
	}
	return newRef(class, className, q), true
}

// RebaseFact is Rebase for a place stored as a fact (a summary's), of
// the given class: the fact's own key and name, which Rebase would not
// read, are never rendered.
func (s Site) RebaseFact(fset *token.FileSet, f Fact, class, className string, name Namer) (Ref, bool) {
	return s.Rebase(fset, Ref{Class: class, ClassName: className, Path: f.Path()}, name)
}
