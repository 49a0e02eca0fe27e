// Package effects summarises what a function does to maps and channels
// its callers can name: the maps it reads and writes, the channels it
// sends on, receives from and closes, each on a path in the function's
// own terms (a parameter, the receiver, a captured variable, a package
// variable) with the locks held there, directly or through the calls
// it makes. Summaries are computed once per package, bottom-up over the
// call graph, and exported as facts so that importing packages see
// through calls into this one. At translates a callee's effects into a
// caller's terms at a call site, so that an analyzer can treat the call
// as the operations it makes.
//
// Paths use the lock model's naming (locks.Ref): the same keys the
// analyzers already compare for direct operations. A recursive call
// sees the effects its callee has gathered so far (none on the first
// pass through the cycle): effects are an under-approximation, never a
// guess.
package effects

import (
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Kind is what an effect does.
type Kind uint8

const (
	MapRead Kind = iota
	MapWrite
	ChanSend
	ChanRecv
	ChanClose
	// ChanAssign stores a channel into the storage: between two
	// operations on it, it may hold another channel.
	ChanAssign
	// FuncCall calls a function value the caller passes in (a func
	// parameter, or a captured one): at a call site whose argument is a
	// function or closure, that function's effects are the call's,
	// under the locks held around the call of the parameter.
	FuncCall
)

func (k Kind) String() string {
	return [...]string{"reads", "writes", "sends on", "receives from", "closes", "assigns", "calls"}[k]
}

// Bounds keep facts small whatever the call depth.
const (
	maxEffects = 32  // per function
	maxLocks   = 4   // per effect
	maxVia     = 4   // calls recorded from the function to the operation
	maxPath    = 128 // characters of a path
)

// Effect is one operation a function makes, itself or in a callee, on
// storage its caller can name.
type Effect struct {
	Kind Kind
	// Place is the storage, on a path from a parameter (receivers are
	// parameter 0), a captured variable or a package variable.
	Place     access.Fact
	Class     string   // the storage's declaration, as access.Ref.Class
	ClassName string   // access.Ref.ClassName
	Site      string   // "file.go:12" of the operation
	Via       []string // calls from the function to Site
	// May is set when the operation is not made on every path through
	// the function.
	May bool
	// Once is set for a close made at most once by construction: under
	// a lock, or in sync.Once.Do.
	Once bool
	// Watched is set for a send made in a select that also receives: a
	// sender that watches for a shutdown signal.
	Watched bool
	// Select is set for an operation made in a select with another
	// case or a default: it need not wait for its partner (chanleak).
	Select bool
	// Awaited is set for a receive the function makes before it returns
	// normally, on every path: not under a branch, and if in a select,
	// every other case ends the goroutine (case <-ctx.Done():
	// t.FailNow()). A caller that goes on after the call has received.
	Awaited bool
	// Waited is set when the function waits (a Wait, a receive) before
	// the operation on every path: what it waited for may have ended.
	Waited bool
	// Locks are the locks the function holds at the operation.
	Locks []Lock
}

// Lock is a lock held at an effect, named like the effect's storage;
// its Place has a Local root for a lock the caller cannot name (its
// class still tells whether two places hold the same mutex).
type Lock struct {
	Place     access.Fact
	Class     string
	ClassName string // access.Ref.ClassName
	Mode      locks.Mode
	// Wrapped is set for a lock-like value that is not a sync mutex
	// (locks.Held.Wrapped).
	Wrapped bool
}

// Summary lists a function's effects. It is exported as an object fact.
type Summary struct {
	Effects []Effect
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

// String renders the summary compactly, for fact expectations in tests.
func (s *Summary) String() string {
	var parts []string
	for _, e := range s.Effects {
		p := e.Kind.String() + " " + e.Place.String()
		if e.May {
			p += " (may)"
		}
		for _, l := range e.Locks {
			p += " under " + locks.ClassLabel(l.Class, l.ClassName)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// Analyzer computes the package's effect summaries and exports them.
var Analyzer = &analysis.Analyzer{
	Name:       "effects",
	Doc:        "compute per-function map and channel effects for concurlint's analyzers",
	URL:        "https://github.com/concurlint/concurlint/tree/main/internal/effects",
	Requires:   []*analysis.Analyzer{ssabuild.Analyzer, locks.Flows},
	FactTypes:  []analysis.Fact{new(Summary)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        run,
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{pass: pass, sums: map[*ssa.Function]*Summary{}, pos: map[*ssa.Function][]token.Pos{}, interned: interned{}}
	if ssabuild.IsStd(pass) || !worthIt(pass) {
		return res, nil
	}
	lazy := pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy)
	prog := lazy.Get()
	res.pkg = prog.Pkg
	res.resolver = lazy.Resolver()
	res.model = pass.ResultOf[locks.Flows].(*locks.Result) // its flows only: see locks.Flows
	for _, fn := range prog.SrcFuncs {
		obj := declared(pass, fn)
		if obj == nil || !summarisedFirst(pass, obj) {
			continue // summarised when a caller or an analyzer asks
		}
		sum := res.summary(fn)
		if len(sum.Effects) > 0 && locks.Importable(pass.Fset, obj) {
			pass.ExportObjectFact(obj, exportable(sum))
		}
	}
	return res, nil
}

// summarisedFirst reports whether fn's summary is made before any
// analyzer asks, in source order, so that summaries in a cycle of calls
// come out alike on every run: every function outside test files, and
// those another package can call.
func summarisedFirst(pass *analysis.Pass, fn *types.Func) bool {
	return !locks.IsTestFile(pass.Fset, fn.Pos()) || locks.Importable(pass.Fset, fn)
}

// exportable drops what importers cannot use: captured variables name
// nothing outside the closure's parent.
func exportable(sum *Summary) *Summary {
	out := &Summary{}
	for _, e := range sum.Effects {
		if e.Place.Root.Kind != access.Free {
			out.Effects = append(out.Effects, e)
		}
	}
	return out
}

// sortEffects orders effects so that facts encode alike on every run,
// and their positions (pos[i] is list[i]'s) alike.
func sortEffects(list []Effect, pos []token.Pos) {
	keyed := make([]keyedEffect, len(list))
	for i, e := range list {
		keyed[i] = keyedEffect{e, e.Place.Path().Key(), pos[i]}
	}
	sort.SliceStable(keyed, func(i, j int) bool {
		a, b := keyed[i], keyed[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.key != b.key {
			return a.key < b.key
		}
		return a.Site < b.Site
	})
	for i, k := range keyed {
		list[i], pos[i] = k.Effect, k.pos
	}
}

type keyedEffect struct {
	Effect
	key string // the place's access.Path.Key
	pos token.Pos
}
