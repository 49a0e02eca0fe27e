package lockorder

import (
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

//go:embed doc.go
var doc string

// Analyzer reports lock-order inversions, self-deadlocks and leaks.
var Analyzer = report.Wrap(&analysis.Analyzer{
	Name:     "lockorder",
	Doc:      analysisdoc.MustExtract(doc, "lockorder"),
	URL:      "https://github.com/concurlint/concurlint/tree/main/analyzers/lockorder",
	Requires: []*analysis.Analyzer{inspect.Analyzer, locks.Analyzer, ssabuild.Analyzer},
	Run:      run,
})

func run(pass *analysis.Pass) (any, error) {
	model := pass.ResultOf[locks.Analyzer].(*locks.Result)
	if len(model.Flows) == 0 {
		return nil, nil
	}
	reportInversions(pass, model)
	names := &namer{pass: pass}
	sites := &callSites{model: model}
	for _, fl := range model.Flows {
		checkNesting(pass, model, names, fl)
		checkLeaks(pass, names, sites, fl)
		checkSkips(pass, names, fl)
		checkUnreleased(pass, model, names, sites, fl)
	}
	checkMixed(pass, model, names)
	return nil, nil
}

// checkNesting reports, at each acquisition, a lock of the same
// instance already held (self-deadlock) or another instance of the
// same class held without an order.
func checkNesting(pass *analysis.Pass, model *locks.Result, names *namer, fl *locks.FuncFlow) {
	seen := map[string]bool{}
	for _, a := range fl.Acquisitions {
		if a.Ref.Key == "" {
			continue
		}
		for _, h := range a.Held {
			key := fmt.Sprint(a.Pos, a.Ref.Key, h.Ref.Key)
			if seen[key] {
				continue
			}
			switch {
			case h.Ref.Key == a.Ref.Key && h.Mode == locks.Read && a.Mode == locks.Read && !writerSeen(pass, model, fl, a):
				// Recursive read locking blocks only behind a writer.
			case h.Ref.Key == a.Ref.Key:
				seen[key] = true
				reportSelfDeadlock(pass, model, names, fl, a, h)
			case h.Ref.Class != "" && h.Ref.Class == a.Ref.Class && unordered(pass.Fset, fl, h, a) && len(fl.Gates(h, a)) == 0:
				// A swapped call runs the same code: it waits for the
				// same gate before taking either instance.
				seen[key] = true
				reportUnordered(pass, names, a, h)
			}
		}
	}
}

func reportSelfDeadlock(pass *analysis.Pass, model *locks.Result, names *namer, fl *locks.FuncFlow, a locks.Acquisition, h locks.Held) {
	name := names.acquired(a)
	var what string
	switch {
	case h.Mode == locks.Write && a.Mode == locks.Write:
		what = fmt.Sprintf("self-deadlock: %s is locked again while this goroutine holds it; sync mutexes are not reentrant", name)
	case h.Mode == locks.Read && a.Mode == locks.Write:
		what = fmt.Sprintf("self-deadlock: %s is write-locked while this goroutine holds its read lock; an RWMutex cannot be upgraded", name)
	case h.Mode == locks.Read && a.Mode == locks.Read:
		what = fmt.Sprintf("recursive read lock: %s is read-locked again while this goroutine holds its read lock; a writer waiting between the two RLocks deadlocks both", name)
	default:
		what = fmt.Sprintf("self-deadlock: %s is read-locked while this goroutine holds its write lock", name)
	}
	if len(a.Via) > 0 {
		what += fmt.Sprintf(" (via %s, which locks it at %s)", strings.Join(a.Via, " → "), a.Site)
	}
	if h.Mode == locks.Read && a.Mode == locks.Read {
		if w, ok := writerFor(pass, model, fl, a.Ref.Class, a.Pos); ok {
			what += fmt.Sprintf("; a writer locks it at %s", w.Site)
		}
	}
	report.Report(pass, analysis.Diagnostic{
		Pos:     a.Pos,
		Message: what,
		Related: []analysis.RelatedInformation{report.Related(h.Pos, "%s first locked here (%s)", names.name(h.Pos, h.Ref), h.Mode)},
	})
}

func reportUnordered(pass *analysis.Pass, names *namer, a locks.Acquisition, h locks.Held) {
	held := names.name(h.Pos, h.Ref)
	msg := fmt.Sprintf("%s is locked while %s is held, and both are %s: nothing decides their order, so a call with the two swapped deadlocks against this one; lock them in a fixed order (by ID or address)",
		names.acquired(a), held, locks.ClassLabel(a.Ref.Class, a.Ref.ClassName))
	if len(a.Via) > 0 {
		msg += fmt.Sprintf(" (via %s, at %s)", strings.Join(a.Via, " → "), a.Site)
	}
	report.Report(pass, analysis.Diagnostic{
		Pos:     a.Pos,
		Message: msg,
		Related: []analysis.RelatedInformation{report.Related(h.Pos, "%s locked here", held)},
	})
}

// writerSeen reports whether a writer of a's class may queue between
// the two read locks (see writerFor). An instance whose class cannot be
// named is assumed written.
func writerSeen(pass *analysis.Pass, model *locks.Result, fl *locks.FuncFlow, a locks.Acquisition) bool {
	if a.Ref.Class == "" {
		return true
	}
	_, ok := writerFor(pass, model, fl, a.Ref.Class, a.Pos)
	return ok
}

// writerFor returns a writer of class that may queue while fl's
// function, at pos, holds a read lock: in production code, a writer in
// production code; in a test, one on a goroutine the test starts
// (locks.Result.TestWriter).
func writerFor(pass *analysis.Pass, model *locks.Result, fl *locks.FuncFlow, class string, pos token.Pos) (locks.Writer, bool) {
	if !locks.IsTestFile(pass.Fset, pos) {
		return model.Writer(class, false)
	}
	return model.TestWriter(class, fl.Fn)
}
