package locks

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// classMode is a lock class released in one mode.
type classMode struct {
	class string
	mode  Mode
}

// unlocked records, for the package, the lock classes some function
// releases without having locked them itself (an unlock helper, a
// caller releasing what a lock helper took, a deferred closure); any
// is set when a mutex escapes as a value that can be unlocked anywhere
// (a method value of Unlock, a sync.Locker, RLocker).
type unlocked struct {
	classes map[classMode]bool
	any     bool
	// own lists, per function, the locks it releases that it locks.
	own map[*ssa.Function]map[string]bool
	// msets are the method sets hasUnlock asks for (a package converts
	// the same types to interfaces many times).
	msets typeutil.MethodSetCache
}

// ReleasedElsewhere reports whether some code of the package may
// release a lock of class in mode m that it did not take itself: only
// then can a lock helper's caller ever let go of what it took.
func (r *Result) ReleasedElsewhere(class string, m Mode) bool {
	return r.releases().any || r.releases().classes[classMode{class, m}]
}

// ReleasesOwn reports whether fl's function unlocks, somewhere, the
// lock key that it locks itself.
func (r *Result) ReleasesOwn(fl *FuncFlow, key string) bool {
	return r.releases().own[fl.Fn][key]
}

func (r *Result) releases() *unlocked {
	r.unlockedOnce.Do(func() { r.unlocked = unlockedIn(r.Flows) })
	return r.unlocked
}

func unlockedIn(flows []*FuncFlow) *unlocked {
	out := &unlocked{classes: map[classMode]bool{}, own: map[*ssa.Function]map[string]bool{}}
	for _, fl := range flows {
		if fl.flow == nil {
			out.any = true // too large to follow
			continue
		}
		own := map[string]bool{}
		for _, a := range fl.Acquisitions {
			if a.Direct() {
				own[a.Ref.Key] = true
			}
		}
		for _, b := range fl.Fn.Blocks {
			for _, instr := range b.Instrs {
				out.note(fl, instr, own)
			}
		}
	}
	return out
}

// note records what instr may release.
func (out *unlocked) note(fl *FuncFlow, instr ssa.Instruction, own map[string]bool) {
	if call, ok := instr.(ssa.CallInstruction); ok {
		op, ref, known := fl.flow.lockOp(call.Common())
		switch {
		case op == Unlock || op == RUnlock:
			if !known || ref.Class == "" {
				out.any = true
			} else if !own[ref.Key] {
				out.classes[classMode{ref.Class, op.mode()}] = true
			} else {
				if out.own[fl.Fn] == nil {
					out.own[fl.Fn] = map[string]bool{}
				}
				out.own[fl.Fn][ref.Key] = true
			}
		case op == NoOp && ssautil.CalleeName(call.Common()) == "(*sync.RWMutex).RLocker":
			out.any = true
		}
	}
	if out.any {
		return // what escapes no longer matters
	}
	for _, op := range instr.Operands(nil) {
		if op == nil || *op == nil {
			continue
		}
		if _, isCall := instr.(ssa.CallInstruction); isCall && op == &instr.(ssa.CallInstruction).Common().Value {
			continue // the callee of a call, not a value
		}
		if out.escapesUnlock(*op) {
			out.any = true
		}
	}
}

// escapesUnlock reports whether v is an Unlock that can run anywhere:
// a sync mutex's Unlock or RUnlock as a function value, or a mutex (or
// a value with its methods) converted to an interface such as
// sync.Locker.
func (out *unlocked) escapesUnlock(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.MakeClosure:
		fn, ok := v.Fn.(*ssa.Function)
		return ok && isSyncUnlock(fn)
	case *ssa.Function:
		return isSyncUnlock(v)
	case *ssa.MakeInterface:
		return out.hasUnlock(v.X.Type())
	}
	return false
}

func isSyncUnlock(fn *ssa.Function) bool {
	name := fn.String()
	return strings.HasPrefix(name, "(*sync.") && (strings.Contains(name, ").Unlock") || strings.Contains(name, ").RUnlock"))
}

func (out *unlocked) hasUnlock(t types.Type) bool {
	ms := out.msets.MethodSet(t)
	return ms.Lookup(nil, "Unlock") != nil || ms.Lookup(nil, "RUnlock") != nil
}

// PackagePrivate reports whether only this package's code can name the
// mutex r: an unexported field (not an embedded mutex, whose Unlock is
// promoted) or an unexported package variable.
func PackagePrivate(r Ref) bool {
	steps := r.Path.Steps
	if n := len(steps); n > 0 {
		last := steps[n-1]
		return last.Kind == access.Field && !token.IsExported(last.Name)
	}
	return r.Path.Root.Kind == access.Global && !token.IsExported(r.Path.Root.Name)
}
