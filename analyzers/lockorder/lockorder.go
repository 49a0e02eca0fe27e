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
	selves := &selfDeadlocks{byKey: map[string]int{}}
	for _, fl := range model.Flows {
		checkNesting(pass, model, names, fl, selves)
		checkLeaks(pass, model, names, sites, fl)
		checkSkips(pass, model, names, fl)
		checkUnreleased(pass, model, names, sites, fl)
	}
	selves.report(pass, model, names)
	checkMixed(pass, model, names)
	return nil, nil
}

// checkNesting reports, at each acquisition, a lock of the same
// instance already held (self-deadlock) or another instance of the
// same class held without an order.
func checkNesting(pass *analysis.Pass, model *locks.Result, names *namer, fl *locks.FuncFlow, selves *selfDeadlocks) {
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
			case h.Ref.Key == a.Ref.Key && model.DeadUnderNil(a.Instr):
				// Only when a field that is never nil is nil: dead code.
			case h.Ref.Key == a.Ref.Key:
				seen[key] = true
				selves.add(fl, a, h)
			case h.Ref.Class != "" && h.Ref.Class == a.Ref.Class && unordered(pass.Fset, fl, h, a) && len(fl.Gates(h, a)) == 0:
				// A swapped call runs the same code: it waits for the
				// same gate before taking either instance.
				seen[key] = true
				reportUnordered(pass, names, a, h)
			}
		}
	}
}

// selfDeadlocks gathers the self-deadlocks of a package, so that one
// mistake is reported once: a function that its callers call holding
// a lock, and that calls one that takes the lock again, deadlocks at
// each of those callers, but the mistake is that one call (nats'
// setSourceConsumer, "Lock should be held", calling
// unsubscribeUnlocked on an error path, from ten locked call sites).
type selfDeadlocks struct {
	groups [][]selfDeadlock
	byKey  map[string]int
}

type selfDeadlock struct {
	fl *locks.FuncFlow
	a  locks.Acquisition
	h  locks.Held
}

// add records a self-deadlock; one through calls joins those whose
// innermost call (the function making it, the function called) and
// relock site are the same.
func (s *selfDeadlocks) add(fl *locks.FuncFlow, a locks.Acquisition, h locks.Held) {
	key := ""
	if n := len(a.Via); n > 0 {
		caller := fl.Fn.String()
		if n > 1 {
			caller = a.Via[n-2]
		}
		if caller != "…" {
			key = fmt.Sprint(caller, "|", a.Via[n-1], "|", a.Site, "|", a.Ref.Class, "|", h.Mode, a.Mode)
		}
	}
	if i, ok := s.byKey[key]; ok && key != "" {
		s.groups[i] = append(s.groups[i], selfDeadlock{fl, a, h})
		return
	}
	s.byKey[key] = len(s.groups)
	s.groups = append(s.groups, []selfDeadlock{{fl, a, h}})
}

func (s *selfDeadlocks) report(pass *analysis.Pass, model *locks.Result, names *namer) {
	for _, g := range s.groups {
		first := g[0]
		var also []analysis.RelatedInformation
		for _, o := range g[1:] {
			also = append(also, report.Related(o.a.Pos, "the same call, reached holding %s here too", names.name(o.h.Pos, o.h.Ref)))
		}
		reportSelfDeadlock(pass, model, names, first.fl, first.a, first.h, also)
	}
}

func reportSelfDeadlock(pass *analysis.Pass, model *locks.Result, names *namer, fl *locks.FuncFlow, a locks.Acquisition, h locks.Held, also []analysis.RelatedInformation) {
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
	switch len(also) {
	case 0:
	case 1:
		what += "; one more locked call reaches the same call"
	default:
		what += fmt.Sprintf("; %d more locked calls reach the same call", len(also))
	}
	if h.Mode == locks.Read && a.Mode == locks.Read {
		if w, ok := writerFor(pass, model, fl, a.Ref.Class, a.Pos); ok {
			what += fmt.Sprintf("; a writer locks it at %s", w.Site)
		}
	}
	report.Report(pass, analysis.Diagnostic{
		Pos:     a.Pos,
		Message: what,
		Related: append([]analysis.RelatedInformation{report.Related(h.Pos, "%s first locked here (%s)", names.name(h.Pos, h.Ref), h.Mode)}, also...),
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
