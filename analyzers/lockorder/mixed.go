package lockorder

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/partner"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// mixed finds deadlocks between a lock and a channel, a WaitGroup or a
// Cond: an operation that blocks while a lock is held, whose partner
// takes that lock before it reaches its side.
type mixed struct {
	pass  *analysis.Pass
	model *locks.Result
	names *namer
	ops   *partner.Model
	makes *partner.Makes
	// writers memoises conflicts' writer question: every partner
	// candidate of every held lock asks it again.
	writers map[writerKey]bool
}

type writerKey struct {
	fn    *ssa.Function
	class string
	test  bool
}

// side is a partner found: the function taking the lock, the
// operation in its terms, and the lock.
type side struct {
	fn    *ssa.Function
	op    partner.Op
	taken partner.Taken
}

func checkMixed(pass *analysis.Pass, model *locks.Result, names *namer) {
	res := pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Resolver()
	callees := func(call ssa.CallInstruction) []*ssa.Function {
		var out []*ssa.Function
		for _, c := range res.Callees(call.Parent(), call.Common()) {
			if apply, _ := locks.Applies(call.Common(), c); apply {
				out = append(out, c.Fn)
			}
		}
		return out
	}
	var fns []*ssa.Function
	for _, fl := range model.Flows {
		fns = append(fns, fl.Fn)
	}
	makes := partner.IndexMakes(pass.Fset, fns)
	m := &mixed{pass: pass, model: model, names: names, ops: partner.New(pass.Fset, model, makes, fns, callees),
		makes: makes, writers: map[writerKey]bool{}}
	for _, fl := range model.Flows {
		m.checkFunc(fl)
	}
}

// checkFunc reports fl's blocking operations made under one of its own
// locks (one a callee holds is reported in the callee), once per
// operation.
func (m *mixed) checkFunc(fl *locks.FuncFlow) {
	if !fl.HoldsAny() {
		return // nothing is held here: listing its operations is the cost
	}
	ops := m.ops.Blocking(fl.Fn)
	seen := map[string]bool{}
	held := map[ssa.Instruction][]locks.Held{}
	for _, op := range ops {
		if op.Default {
			continue
		}
		hs, ok := held[op.Instr]
		if !ok {
			hs = fl.HeldBefore(op.Instr)
			held[op.Instr] = hs
		}
		for _, h := range hs {
			if h.Wrapped || h.Ref.Class == "" || slices.Contains(op.Released, h.Ref.Class) {
				continue
			}
			key := fmt.Sprint(op.Instr.Pos(), op.Pos)
			if seen[key] || !m.condHolds(op, h) {
				continue
			}
			p, ok := m.partner(fl.Fn, op, h)
			if !ok || !m.selectBlocked(fl.Fn, ops, op, h) {
				continue
			}
			seen[key] = true
			m.report(op, h, p)
		}
	}
}

// condHolds reports whether a Cond.Wait keeps h held while it waits:
// only when every L the package gives the Cond is another mutex (Wait
// releases its own L).
func (m *mixed) condHolds(op partner.Op, h locks.Held) bool {
	if op.Kind != partner.CondWait {
		return true
	}
	ls, known := m.makes.CondLocks(op.Class)
	return known && !slices.ContainsFunc(ls, func(l string) bool {
		// L is h, or a struct whose Lock is h's: the mutex it embeds
		// (sync.NewCond(&w.mu) with mu struct{ sync.Mutex; ... }).
		return l == h.Ref.Class || strings.HasPrefix(h.Ref.Class, l+".")
	})
}

// selectBlocked reports whether a select op is a case of stays blocked
// while h is held: each of its cases is on a channel with a partner
// that needs h. A case the model cannot name (ctx.Done()) or that may
// not block (a buffered channel) may be ready: silent.
func (m *mixed) selectBlocked(fn *ssa.Function, ops []partner.Op, op partner.Op, h locks.Held) bool {
	if op.Select == nil {
		return true
	}
	// A select reached through several calls is listed once per
	// path: count its cases, not its listings.
	cases := map[int]bool{}
	for _, o := range ops {
		if o.Select != op.Select || o.Instr != op.Instr {
			continue
		}
		cases[o.Case] = true
		if _, ok := m.partner(fn, o, h); !ok {
			return false
		}
	}
	return len(cases) == len(op.Select.States)
}

// partner finds a function other than fn that takes h's class before
// an operation that ends op.
func (m *mixed) partner(fn *ssa.Function, op partner.Op, h locks.Held) (side, bool) {
	inTest := locks.IsTestFile(m.pass.Fset, op.Instr.Pos())
	find := m.ops.Partner
	if op.Kind.AnyEnds() {
		// Any one partner frees the operation: every one must wait.
		find = func(class string, kind partner.Kind, admit func(*ssa.Function, partner.Taken) bool) (*ssa.Function, partner.Op, partner.Taken, bool) {
			return m.ops.Everyone(class, kind, func(f *ssa.Function) bool { return m.runsBeside(fn, inTest, f) }, admit)
		}
	}
	pfn, pop, t, ok := find(op.Class, op.Kind, func(pfn *ssa.Function, t partner.Taken) bool {
		if pfn == fn || t.Class != h.Ref.Class || !m.conflicts(fn, h, t) || !t.AfterSpawn(pfn, fn) {
			return false
		}
		// A constructor's lock, taken before the object can have left
		// the code it runs: a holder elsewhere got the object later
		// (from its return), unless that code runs fn.
		if t.Confined && m.ops.Above(fn)[pfn] == 0 {
			return false
		}
		// The partner of production code is in production code, that
		// of a test in the test (which starts its goroutines): tests
		// run one after another, so some Test must run both, beside
		// each other.
		if inTest != locks.IsTestFile(m.pass.Fset, pfn.Pos()) {
			return false
		}
		return !inTest || m.oneTest(fn, pfn)
	})
	return side{pfn, pop, t}, ok
}

// runsBeside reports whether f can run beside fn, whose operation is
// in a test file if inTest: production code beside production code
// (tests run one at a time, never beside a production caller), and
// beside a test the production code and that test's own functions.
func (m *mixed) runsBeside(fn *ssa.Function, inTest bool, f *ssa.Function) bool {
	if !locks.IsTestFile(m.pass.Fset, f.Pos()) {
		return true
	}
	return inTest && m.oneTest(fn, f)
}

// conflicts reports whether taking t waits for h: one of them writes,
// or a writer may queue between two readers.
func (m *mixed) conflicts(fn *ssa.Function, h locks.Held, t partner.Taken) bool {
	if h.Mode == locks.Write || t.Mode == locks.Write {
		return true
	}
	k := writerKey{fn, h.Ref.Class, locks.IsTestFile(m.pass.Fset, h.Pos)}
	ok, known := m.writers[k]
	if !known {
		_, ok = writerFor(m.pass, m.model, m.model.ByFunc[fn], h.Ref.Class, h.Pos)
		m.writers[k] = ok
	}
	return ok
}

var roles = map[partner.Kind]string{
	partner.Send:       "the receiver",
	partner.Recv:       "the sender",
	partner.GroupWait:  "the Done caller",
	partner.CondWait:   "the Signal caller",
	partner.Close:      "the closer",
	partner.GroupDone:  "",
	partner.CondSignal: "",
}

func (m *mixed) report(op partner.Op, h locks.Held, p side) {
	t := p.taken
	held := m.names.name(h.Pos, h.Ref)
	role := roles[op.Kind]
	if p.op.Kind == partner.Close {
		role = "the closer"
	}
	what := fmt.Sprintf("%s %s", op.Kind, op.Name)
	msg := fmt.Sprintf("deadlock: %s blocks while %s is held, and %s (%s) locks %s before it can reach its side; release %s first",
		what, held, role, p.fn.RelString(m.pass.Pkg), held, held)
	if h.Mode == locks.Read && t.Mode == locks.Read {
		msg += " (both read locks: a writer queued between them blocks the second)"
	}
	related := []analysis.RelatedInformation{report.Related(h.Pos, "%s locked here", held)}
	if op.Pos != op.Instr.Pos() {
		related = append(related, report.Related(op.Pos, "%s blocks here", what))
	}
	related = append(related,
		report.Related(t.Pos, "%s locks %s here%s", role, held, via(t)),
		report.Related(p.op.Pos, "%s's %s %s", role, p.op.Kind, p.op.Name))
	report.Report(m.pass, analysis.Diagnostic{Pos: op.Instr.Pos(), Message: msg, Related: related})
}

// isTest reports whether fn is a Test function.
func isTest(fn *ssa.Function) bool {
	return fn.Parent() == nil && strings.HasPrefix(fn.Name(), "Test") && fn.Signature.Params().Len() == 1 && fn.Signature.Recv() == nil
}

// oneTest reports whether one Test function runs both a and b, one of
// them on another goroutine than its own (through a go statement or a
// literal that may run anywhere): what a test calls in turn runs one
// after the other.
func (m *mixed) oneTest(a, b *ssa.Function) bool {
	above := m.ops.Above(b)
	for f, ra := range m.ops.Above(a) {
		rb := above[f]
		if isTest(f) && rb != 0 && (ra|rb)&partner.Started != 0 {
			return true
		}
	}
	return false
}

// via names the calls through which a partner takes the lock.
func via(t partner.Taken) string {
	if len(t.Via) == 0 || t.Site == "" {
		return ""
	}
	return fmt.Sprintf(" (via %s, at %s)", strings.Join(t.Via, " → "), t.Site)
}
