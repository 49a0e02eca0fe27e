package hb

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// maxSignalDepth bounds how many calls deep a body's signal on a
// channel it passes on is looked for.
const maxSignalDepth = 3

// calledSignals returns the arguments of call (in the body) that name
// a channel the callee sends on or closes: go drain(c, ch), where drain
// ends with ch <- true, signals on ch as a send in the body would.
func calledSignals(call ssa.CallInstruction) []ssa.Value {
	if _, isGo := call.(*ssa.Go); isGo {
		return nil
	}
	callee := call.Common().StaticCallee()
	if callee == nil {
		return nil
	}
	var out []ssa.Value
	args := call.Common().Args
	for i, a := range args {
		if isChanValue(a) && paramSignals(callee, i, maxSignalDepth) {
			out = append(out, ssautil.ChanValue(a))
		}
	}
	return out
}

// paramSignals reports whether fn sends on or closes the channel its
// parameter i holds, itself or in the functions it hands it to.
func paramSignals(fn *ssa.Function, i, depth int) bool {
	if depth == 0 || i >= len(fn.Params) || len(fn.Blocks) == 0 {
		return false
	}
	return valueSignals(fn.Params[i], depth)
}

func valueSignals(v ssa.Value, depth int) bool {
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Send:
			if ref.Chan == v {
				return true
			}
		case *ssa.ChangeType:
			if ssautil.ChanValue(ref) == v && valueSignals(ref, depth) {
				return true
			}
		case *ssa.Call, *ssa.Defer:
			common := ref.(ssa.CallInstruction).Common()
			if arg, ok := ssautil.CloseArg(common); ok && arg == v {
				return true
			}
			callee := common.StaticCallee()
			if callee == nil {
				continue
			}
			for j, a := range common.Args {
				if a == v && paramSignals(callee, j, depth-1) {
					return true
				}
			}
		}
	}
	return false
}

func isChanValue(v ssa.Value) bool {
	_, ok := v.Type().Underlying().(*types.Chan)
	return ok
}
