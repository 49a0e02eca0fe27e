package lockorder

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/locks"
)

// callSites indexes the package's static calls by callee, built on
// first use.
type callSites struct {
	model *locks.Result
	by    map[*ssa.Function][]ssa.CallInstruction
}

func (c *callSites) of(fn *ssa.Function) []ssa.CallInstruction {
	if c.by == nil {
		c.by = map[*ssa.Function][]ssa.CallInstruction{}
		for _, fl := range c.model.Flows {
			for _, b := range fl.Fn.Blocks {
				for _, instr := range b.Instrs {
					if call, ok := instr.(ssa.CallInstruction); ok {
						if callee := call.Common().StaticCallee(); callee != nil {
							c.by[callee] = append(c.by[callee], call)
						}
					}
				}
			}
		}
	}
	return c.by[fn]
}

// ignoredBy returns a call of fn that drops result i, the result by
// which fn says it returns holding a lock: the caller cannot know it
// holds the lock, so fn is no conditional lock helper there. NoPos when
// every call in the package reads the result (or there is none to judge
// by).
func (c *callSites) ignoredBy(fn *ssa.Function, i int) token.Pos {
	for _, call := range c.of(fn) {
		if !resultUsed(call, i) {
			return call.Pos()
		}
	}
	return token.NoPos
}

// resultUsed reports whether the caller reads result i of call.
func resultUsed(call ssa.CallInstruction, i int) bool {
	v := call.Value()
	if v == nil {
		return false // go and defer drop the results
	}
	if v.Type() == nil || v.Common().Signature().Results().Len() <= 1 {
		return used(v)
	}
	for _, r := range *v.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == i && used(ex) {
			return true
		}
	}
	return false
}

func used(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if _, debug := r.(*ssa.DebugRef); !debug {
			return true
		}
	}
	return false
}
