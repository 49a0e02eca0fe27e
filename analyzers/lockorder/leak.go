package lockorder

import (
	"fmt"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// checkLeaks reports returns that keep a lock this function acquired
// while other returns release it. A lock held at every return is a
// lock helper's, and a lock whose holding the results announce (true
// or a nil error exactly on the holding returns) is a conditional
// helper's: neither is reported. Nor is a return that hands the lock
// over, to its caller or to another goroutine (locks.FuncFlow.HandsOver,
// locks.Result.HandedOff).
func checkLeaks(pass *analysis.Pass, model *locks.Result, names *namer, sites *callSites, fl *locks.FuncFlow) {
	if len(fl.Returns) == 0 {
		return // no return holds a lock
	}
	first := map[string]int{} // index in fl.Acquisitions
	borrowed := map[string]bool{}
	var keys []string
	for i := range fl.Acquisitions {
		if a := &fl.Acquisitions[i]; a.Reacquire {
			// The function hands its caller's lock back and forth:
			// which returns hold it is the caller's contract.
			borrowed[a.Ref.Key] = true
		}
	}
	// The first Lock of each instance in this function, else the first
	// call that takes it (a lock helper's, one or more calls away).
	for _, direct := range []bool{true, false} {
		for i := range fl.Acquisitions {
			a := &fl.Acquisitions[i]
			if a.Direct() != direct || a.Ref.Key == "" || borrowed[a.Ref.Key] {
				continue
			}
			if _, ok := first[a.Ref.Key]; !ok {
				first[a.Ref.Key] = i
				keys = append(keys, a.Ref.Key)
			}
		}
	}
	for _, key := range keys {
		var holding, releasing []*ssa.Return
		for _, r := range fl.Returns {
			switch {
			case heldAt(r, key):
				if h := heldOf(r, key); !fl.HandsOver(r.Instr, h) && !model.HandedOff(fl, h) {
					holding = append(holding, r.Instr)
				}
			case r.Taken[key] && !deferredAt(r, key):
				// Taken on every path here, and released.
				releasing = append(releasing, r.Instr)
			}
		}
		if len(holding) == 0 || len(releasing) == 0 {
			continue
		}
		// A conditional lock helper's callers read its result; one
		// that drops it leaks the lock on the holding paths.
		ignored := token.NoPos
		if i, ok := announcesHolding(holding, releasing); ok {
			if ignored = sites.ignoredBy(fl.Fn, i); !ignored.IsValid() {
				continue
			}
		}
		a := fl.Acquisitions[first[key]]
		name := names.name(a.Pos, a.Ref)
		for _, ret := range holding {
			msg := fmt.Sprintf("%s is still locked at this return, but released on other paths: the next %s on it blocks forever; unlock before returning or use defer",
				name, lockCall(a.Mode))
			related := []analysis.RelatedInformation{
				report.Related(a.Pos, "%s locked here", name),
				report.Related(ssautil.ReturnPos(fl.Fn, releasing[0]), "a return that has released it"),
			}
			if ignored.IsValid() {
				msg = fmt.Sprintf("%s is still locked at this return, but released on other paths, and a caller ignores the result that tells them apart: the next %s on it blocks forever; unlock before returning or use defer",
					name, lockCall(a.Mode))
				related = append(related, report.Related(ignored, "the result is ignored here"))
			}
			report.Report(pass, analysis.Diagnostic{Pos: ssautil.ReturnPos(fl.Fn, ret), Message: msg, Related: related})
		}
	}
}

func lockCall(m locks.Mode) string {
	if m == locks.Read {
		return "Lock"
	}
	return "Lock or RLock"
}

func heldAt(r locks.Return, key string) bool {
	for _, h := range r.Held {
		if h.Ref.Key == key {
			return !h.Deferred
		}
	}
	return false
}

func heldOf(r locks.Return, key string) locks.Held {
	for _, h := range r.Held {
		if h.Ref.Key == key {
			return h
		}
	}
	return locks.Held{}
}

func deferredAt(r locks.Return, key string) bool {
	for _, h := range r.Held {
		if h.Ref.Key == key {
			return h.Deferred
		}
	}
	return false
}

// announcesHolding returns the result that tells the caller that the
// lock is held, if any: every holding return gives the success value
// (true, or a nil error) there and no releasing return does. Such a
// function is a conditional lock helper, not a leak, where its callers
// read that result.
func announcesHolding(holding, releasing []*ssa.Return) (int, bool) {
	for i := range holding[0].Results {
		all := true
		for _, r := range holding {
			if !isSuccess(r, i) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		none := true
		for _, r := range releasing {
			if isSuccess(r, i) {
				none = false
				break
			}
		}
		if none {
			return i, true
		}
	}
	return 0, false
}

// isSuccess reports whether result i of r is the constant true or nil.
func isSuccess(r *ssa.Return, i int) bool {
	if i >= len(r.Results) {
		return false
	}
	c, ok := r.Results[i].(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return c.IsNil()
	}
	return c.Value.Kind() == constant.Bool && constant.BoolVal(c.Value)
}
