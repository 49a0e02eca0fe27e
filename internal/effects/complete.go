package effects

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// Complete reports whether fn's summary holds every channel operation
// fn can make on the channel its parameter i holds. Summaries are an
// under-approximation: an analyzer that reads "no send in the callee"
// as "nobody sends" must ask this first. It holds when fn operates on
// the parameter only directly (send, receive, select, close, len, a
// comparison) and hands it only to calls of this package whose effects
// on it are complete in turn, and fn's summary was not cut short.
// A parameter stored in a variable (a spilled parameter set to nil
// later), captured by a closure, sent as a value, converted to an
// interface, passed to a go statement or to code out of sight is not.
func (r *Result) Complete(fn *ssa.Function, i int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.complete(fn, i, map[param]bool{})
}

// param is one parameter of a function.
type param struct {
	fn *ssa.Function
	i  int
}

func (r *Result) complete(fn *ssa.Function, i int, seen map[param]bool) bool {
	if r.pkg == nil || fn == nil || fn.Pkg != r.pkg || i < 0 || i >= len(fn.Params) || len(fn.Blocks) == 0 {
		return false
	}
	if seen[param{fn, i}] {
		return true // recursion: the first visit answers for it
	}
	seen[param{fn, i}] = true
	if len(r.summary(fn).Effects) >= maxEffects {
		return false
	}
	return r.plainUses(fn.Params[i], seen)
}

// plainUses reports whether every use of v, a value holding the
// channel, is one a summary records.
func (r *Result) plainUses(v ssa.Value, seen map[param]bool) bool {
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Send:
			if ref.X == v {
				return false
			}
		case *ssa.UnOp:
			if ref.Op != token.ARROW {
				return false
			}
		case *ssa.Select:
			for _, st := range ref.States {
				if st.Send == v {
					return false
				}
			}
		case *ssa.ChangeType:
			if ssautil.ChanValue(ref) != v || !r.plainUses(ref, seen) {
				return false
			}
		case *ssa.BinOp:
			if ref.Op != token.EQL && ref.Op != token.NEQ {
				return false
			}
		case *ssa.DebugRef:
		case *ssa.Call, *ssa.Defer:
			if !r.plainCall(ref.(ssa.CallInstruction).Common(), v, seen) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// plainCall reports whether a call's effects on v, one of its
// arguments, are all in the caller's summary.
func (r *Result) plainCall(common *ssa.CallCommon, v ssa.Value, seen map[param]bool) bool {
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close", "len", "cap":
			return true
		}
		return false
	}
	callee := common.StaticCallee()
	if common.IsInvoke() || common.Value == v || callee == nil {
		return false
	}
	for j, a := range common.Args {
		if a == v && !r.complete(callee, j, seen) {
			return false
		}
	}
	return true
}
