package lockorder

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// checkUnreleased reports a function that returns holding a lock on
// every path although it unlocks that lock itself on others (a loop
// that releases it on the way round and returns holding it), when the
// package has no code that could release it after the return: the
// mutex is private to the package and nothing in it unlocks the class
// except where it was locked. It looks like a lock helper, but no
// caller can ever let go of the lock.
func checkUnreleased(pass *analysis.Pass, model *locks.Result, names *namer, sites *callSites, fl *locks.FuncFlow) {
	if len(fl.Returns) == 0 || len(fl.Returns[0].Held) == 0 || len(sites.of(fl.Fn)) == 0 {
		return // no caller here to judge by (an API, a test helper)
	}
	for _, h := range fl.Returns[0].Held {
		key := h.Ref.Key
		if h.Deferred || h.Callers || h.Wrapped || len(h.Via) > 0 || h.Ref.Class == "" ||
			!h.Ref.Path.Root.Kind.Outside() || !locks.PackagePrivate(h.Ref) {
			continue
		}
		if !heldAtEvery(fl.Returns, key) || !model.ReleasesOwn(fl, key) || model.ReleasedElsewhere(h.Ref.Class, h.Mode) || handsOverAny(fl, h) {
			continue
		}
		name := names.name(h.Pos, h.Ref)
		for _, r := range fl.Returns {
			report.Report(pass, analysis.Diagnostic{
				Pos: ssautil.ReturnPos(fl.Fn, r.Instr),
				Message: fmt.Sprintf("%s is still %s at this return, and nothing in the package releases it after the return (no caller unlocks %s): the next %s on it blocks forever; unlock before returning",
					name, lockedVerb(h.Mode), locks.ClassLabel(h.Ref.Class, h.Ref.ClassName), lockCall(h.Mode)),
				Related: []analysis.RelatedInformation{report.Related(h.Pos, "%s locked here", name)},
			})
		}
	}
}

func heldAtEvery(returns []locks.Return, key string) bool {
	for _, r := range returns {
		if !heldAt(r, key) {
			return false
		}
	}
	return true
}

// handsOverAny reports whether some return hands h to the caller
// (locks.FuncFlow.HandsOver): its caller then holds it by design.
func handsOverAny(fl *locks.FuncFlow, h locks.Held) bool {
	for _, r := range fl.Returns {
		if fl.HandsOver(r.Instr, h) {
			return true
		}
	}
	return false
}
