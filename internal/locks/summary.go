package locks

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Effect is a lock operation a function performs on an instance its
// caller can name: a parameter's (or receiver's) field, a captured
// variable, or a package variable.
type Effect struct {
	Path      access.Fact // the instance, in the summarised function's terms
	Class     string
	ClassName string // access.Ref.ClassName
	Mode      Mode
	Site      string   // "file.go:12" of the acquisition
	Via       []string // calls from the summarised function to Site
	Cond      Cond
	// May is set, for an acquisition, when the function takes the
	// instance on some paths only.
	May bool
	// Released are the caller's locks the function releases on every
	// path before this acquisition (see released.go).
	Released []access.Fact
}

// Acquire is one lock class a function may acquire.
type Acquire struct {
	Class     string
	ClassName string // access.Ref.ClassName
	Mode      Mode
	Site      string
	Via       []string
	Cond      Cond
	// May is set when the function takes it on some paths only.
	May bool
	// Released are the caller's locks the function releases on every
	// path before each acquisition of the class (see released.go).
	Released []access.Fact
}

// Cond makes an effect conditional on a bool parameter, as in
// `func (m *T) flush(hasLock bool) { if !hasLock { m.mu.Lock() } ... }`:
// the effect happens only when parameter Param-1 equals Value. In a
// closure, it may be conditional on captured variable Free-1 instead
// (`lock := func() { if hasLock { m.mu.Lock() } }`). A zero Cond is
// unconditional.
type Cond struct {
	Param int // 1-based parameter index; 0: none
	Free  int // 1-based free variable index; 0: none
	Value bool
}

// Conditional reports whether c makes its effect depend on a variable.
func (c Cond) Conditional() bool { return c.Param != 0 || c.Free != 0 }

// Summary is what callers need to know about a function's locking. It
// is exported as an object fact, so it travels to importing packages.
type Summary struct {
	// Acquires lists each class the function may acquire, directly or
	// through the calls it makes (not in goroutines it starts), once
	// per class: a must-acquire when some acquisition is made on every
	// path, else a may-acquire.
	Acquires []Acquire
	// Locks lists acquisitions on instances reachable by the caller.
	Locks []Effect
	// Holds lists instances held at every return: a lock helper.
	Holds []Effect
	// Releases lists instances released that the function did not
	// acquire: an unlock helper.
	Releases []Effect
	// Callbacks lists the function parameters it calls, and the
	// classes it holds around them.
	Callbacks []Callback
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

func (s *Summary) empty() bool {
	return len(s.Acquires)+len(s.Locks)+len(s.Holds)+len(s.Releases)+len(s.Callbacks) == 0
}

// String renders the summary compactly, for fact expectations in tests.
func (s *Summary) String() string {
	var parts []string
	for _, a := range s.Acquires {
		if a.May {
			parts = append(parts, "may acquire "+ClassLabel(a.Class, a.ClassName)+releasedLabel(a.Released))
		} else {
			parts = append(parts, "acquires "+ClassLabel(a.Class, a.ClassName)+releasedLabel(a.Released))
		}
	}
	for _, e := range s.Locks {
		parts = append(parts, "locks "+e.describe()+releasedLabel(e.Released))
	}
	for _, e := range s.Holds {
		parts = append(parts, "returns holding "+e.describe())
	}
	for _, e := range s.Releases {
		parts = append(parts, "releases "+e.describe())
	}
	for _, c := range s.Callbacks {
		held := ""
		for i, h := range c.Held {
			if i == 0 {
				held = " under "
			} else {
				held += "+"
			}
			held += ClassLabel(h.Class, h.ClassName)
		}
		parts = append(parts, fmt.Sprintf("calls param%d%s", c.Param, held))
	}
	return strings.Join(parts, "; ")
}

func (e Effect) describe() string { return e.Path.String() }

// Edge is one observed lock order: From was held when To was acquired.
type Edge struct {
	From, To string // classes
	// FromName and ToName are how messages name a local variable's
	// class (access.Ref.ClassName).
	FromName, ToName string
	Func             string // the function holding From
	Site             string // "file.go:41" where To is acquired (or the call leading there)
	HeldSite         string // "file.go:39" where From was acquired
	Via              []string
	// Pkg and Obj locate the holding function's declaration (package
	// path and objectpath), so reports elsewhere can point at it.
	Pkg, Obj string
	// FromMode and ToMode are how From was held and To acquired; merged
	// witnesses keep the stronger (Write) mode.
	FromMode, ToMode Mode
	// Gates are the other classes held for writing since before From
	// was acquired, on every witness of the edge (sorted, at most
	// maxGates): a cycle all of whose edges share a gate runs in one
	// goroutine at a time.
	Gates []string
	// Test is set when the edge was formed in a _test.go file: such an
	// edge may support only reports in test files.
	Test bool
	// May is set when To is acquired on some paths of a callee only
	// (on every witness of the edge): a cycle may rest on one such
	// edge, not on two.
	May bool
	// FromRoles and ToRoles are the kinds the objects holding From and
	// To can have ("field=value", see roles.go); nil when unknown.
	FromRoles, ToRoles []string
}

// Writer records that some code write-locks an RWMutex class, so that
// a cycle through read locks of that class can really block.
type Writer struct {
	Class     string
	ClassName string // access.Ref.ClassName
	Site      string // "file.go:12" of the Lock
	Test      bool   // the Lock is in a _test.go file
}

// Edges is the package fact carrying every lock-order edge known in a
// package and its dependencies. Under go vet a package sees only its
// direct imports' facts, so each package folds in what it imports.
type Edges struct {
	List []Edge
	// Writers lists each RWMutex class write-locked in the package or
	// its dependencies, once per class (and once more for test code).
	Writers []Writer
}

// AFact marks Edges as an analysis fact.
func (*Edges) AFact() {}

func (e *Edges) String() string {
	var parts []string
	for _, x := range e.List {
		s := ClassLabel(x.From, x.FromName) + " -> " + ClassLabel(x.To, x.ToName)
		if len(x.Gates) > 0 {
			s += " under " + strings.Join(x.Gates, "+")
		}
		if x.FromMode == Read && x.ToMode == Read {
			s += " (read)"
		}
		if x.Test {
			s += " (test)"
		}
		if x.May {
			s += " (may)"
		}
		parts = append(parts, s)
	}
	out := strings.Join(parts, ", ")
	for _, w := range e.Writers {
		out += "; writes " + ClassLabel(w.Class, w.ClassName)
	}
	return out
}

func sortEdges(list []Edge) {
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		if a.Site != b.Site {
			return a.Site < b.Site
		}
		if a.Pkg != b.Pkg {
			return a.Pkg < b.Pkg
		}
		return a.Func < b.Func
	})
}

// shortFuncs caches ShortFunc's names of declared functions (the lock
// model names the callee at every call it visits).
var shortFuncs sync.Map // *types.Func (an origin) → string

// ShortFunc names a function for call chains: "(*pkg.T).M", "pkg.F",
// "pkg.F$1" for closures.
func ShortFunc(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok {
		obj = obj.Origin()
		if name, ok := shortFuncs.Load(obj); ok {
			return name.(string)
		}
		name := ShortClass(ssautil.FullName(obj))
		shortFuncs.Store(obj, name)
		return name
	}
	if p := fn.Parent(); p != nil {
		return ShortFunc(p) + strings.TrimPrefix(fn.Name(), p.Name())
	}
	return fn.Name()
}
