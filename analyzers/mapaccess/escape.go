package mapaccess

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	accesspath "github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// A goroutine started behind a call: a function (a constructor, a Start
// method, a helper one or more calls down) starts a goroutine and
// returns without waiting for it. From the call on, its caller runs
// beside the goroutine: a map both reach, through the call's arguments
// or its result, raced when one of them writes without a lock the other
// holds.
//
//	func NewQueue() *Queue {
//		q := &Queue{items: map[string]int{}}
//		q.run() // go until(q.flush, q.stop): flush deletes from q.items under q.mu
//		return q
//	}
//	go func() {
//		q := NewQueue()
//		_ = q.items["a"] // reported: no q.mu, and a goroutine body holds none on entry
//	}()
//
// (A goroutine access under a lock counts only there: see checkEscapes.)
//
// The spawner's own code after the go statement is checkSpawns'; this
// file follows the goroutine out through the returns of its spawner
// and the calls above it, in this package.

// escaped is a map access of a goroutine a function starts, itself or in
// a call it makes, and does not wait for before it returns.
type escaped struct {
	// ref names the map in the function's terms. For an access below
	// the function's result, result is its index and ref's root is
	// parameter 0 standing for it.
	ref    locks.Ref
	result int
	write  bool
	may    bool         // made on some paths only, or by one of several callees
	held   []locks.Held // the goroutine's locks at the access (see startsUnlocked)
	at     token.Pos    // the access, in the goroutine
	spawn  token.Pos    // the go statement
	// start is the call that started the goroutine, in the function
	// that reports (nil in the spawner itself).
	start ssa.CallInstruction
}

// maxEscaped bounds the escaped accesses kept per function.
const maxEscaped = 16

// escapedOf returns the accesses of goroutines fn starts and leaves
// running when it returns, that its callers can name.
func (c *checker) escapedOf(fn *ssa.Function) []escaped {
	if list, ok := c.escapes[fn]; ok {
		return list
	}
	c.escapes[fn] = nil // recursion sees none
	var out []escaped
	for _, e := range c.localEscapes(fn) {
		if e, ok := exported(fn, e); ok && len(out) < maxEscaped {
			out = append(out, e)
		}
	}
	c.escapes[fn] = out
	return out
}

// localEscapes lists, in fn's terms, the accesses of the goroutines fn
// starts without waiting for them before it returns, and of those its
// calls leave running (start set).
func (c *checker) localEscapes(fn *ssa.Function) []escaped {
	if list, ok := c.local[fn]; ok {
		return list
	}
	c.local[fn] = nil // recursion sees none
	var out []escaped
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if s, ok := c.hb.Spawn(instr); ok {
				if s.Kind.Concurrent() {
					// The join search walks fn: only for a goroutine
					// with accesses to follow.
					if list := c.spawnEscapes(s); len(list) > 0 && !c.joinedBeforeReturn(fn, s) {
						out = append(out, list...)
					}
				}
				continue
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee := call.Common().StaticCallee()
			if callee == nil || callee.Pkg != fn.Pkg || len(callee.Blocks) == 0 {
				continue
			}
			for _, e := range c.escapedOf(callee) {
				if e, ok := c.atCall(call, e); ok {
					out = append(out, e)
				}
			}
		}
	}
	c.local[fn] = out
	return out
}

// spawnEscapes lists the accesses the body of s makes, in its
// spawner's terms, but for those made after the goroutine waited for
// something (a signal its spawner or caller may give after the access
// of its own).
func (c *checker) spawnEscapes(s spawn.Spawn) []escaped {
	var out []escaped
	for _, x := range c.sharedRefs(s) {
		// An access after a wait may follow a signal the caller gives
		// after its own. One under a lock counts only in a caller that
		// starts holding none (see checkEscapes).
		if x.waited {
			continue
		}
		out = append(out, escaped{ref: x.ref, result: -1, write: x.write, may: x.may, held: x.held, at: x.at, spawn: s.Instr.Pos()})
	}
	return out
}

// atCall restates e, an escaped access of call's callee, in the
// caller's terms.
func (c *checker) atCall(call ssa.CallInstruction, e escaped) (escaped, bool) {
	site := accesspath.CallSite(call.Common())
	if e.result >= 0 {
		v, ok := call.(*ssa.Call)
		if !ok || e.result != 0 || v.Call.Signature().Results().Len() != 1 {
			return escaped{}, false
		}
		site = accesspath.Site{Args: []ssa.Value{v}}
	}
	ref, ok := site.Rebase(c.pass.Fset, e.ref, accesspath.StoragePlace)
	if !ok {
		return escaped{}, false
	}
	e.ref, e.result, e.start = ref, -1, call
	return e, true
}

// exported restates e for fn's callers: below a parameter or a package
// variable as it is, below the value fn returns as its result.
func exported(fn *ssa.Function, e escaped) (escaped, bool) {
	root := e.ref.Path.Root
	if root.Kind == accesspath.Param || root.Kind == accesspath.Global {
		e.start = nil
		return e, true
	}
	v := e.ref.Path.Value()
	if v == nil || (root.Kind != accesspath.Local && root.Kind != accesspath.Alloc) {
		return escaped{}, false
	}
	for _, b := range ssautil.Returns(fn) {
		ret, _ := ssautil.ReturnOf(b)
		for i, r := range ret.Results {
			if r == v {
				p := accesspath.Path{Root: accesspath.Root{Kind: accesspath.Param, Index: 0, Name: root.Name}, Steps: e.ref.Path.Steps}
				e.ref, e.result, e.start = p.Ref(e.ref.Class, e.ref.ClassName), i, nil
				return e, true
			}
		}
	}
	return escaped{}, false
}

// checkEscapes reports accesses fn makes after a call that left a
// goroutine running which accesses the same map, with no common lock.
func (c *checker) checkEscapes(fn *ssa.Function, reported map[string]bool) {
	var list []escaped
	for _, e := range c.localEscapes(fn) {
		// A goroutine access under a lock is the guarded-by
		// inference's where the caller's side may hold that lock out
		// of sight (its own callers took it, as nats' fooLocked
		// helpers do), not in a goroutine body.
		if e.start != nil && (len(e.held) == 0 || c.startsUnlocked(fn)) {
			list = append(list, e)
		}
	}
	if len(list) == 0 {
		return
	}
	accesses := c.accessesOf(fn)
	afters := map[ssa.CallInstruction]map[ssa.Instruction]bool{}
	for _, e := range list {
		after, ok := afters[e.start]
		if !ok {
			after = runsAfter(c.pass.Fset, e.start)
			afters[e.start] = after
		}
		for _, y := range accesses {
			if !after[y.instr] || y.mapRef.Key != e.ref.Key || (!e.write && !y.write) {
				continue
			}
			if e.may && y.via != nil && y.via.May {
				continue // two guesses about one race (see conflict)
			}
			if _, common := commonLock(e.held, c.guardsOf(y)); common {
				continue
			}
			if len(e.held) > 0 && c.takesLocks(y) {
				continue // which locks it holds is least certain (see lockingCallee)
			}
			dedup := fmt.Sprint(y.instr.Pos(), "|", y.mapRef.Key)
			if reported[dedup] {
				continue
			}
			reported[dedup] = true
			c.reportEscaped(e, y)
		}
	}
}

// runsAfter returns the instructions of from's function that may run
// after it before anything that waits (a Wait, a receive: it may wait
// for the goroutine) or a teardown call (Close, Stop: it may stop it).
func runsAfter(fset *token.FileSet, from ssa.Instruction) map[ssa.Instruction]bool {
	out := map[ssa.Instruction]bool{}
	seen := map[*ssa.BasicBlock]bool{}
	var visit func(b *ssa.BasicBlock, i int)
	visit = func(b *ssa.BasicBlock, i int) {
		for ; i < len(b.Instrs); i++ {
			instr := b.Instrs[i]
			if stops(fset, instr) {
				return
			}
			out[instr] = true
		}
		for _, succ := range b.Succs {
			if !seen[succ] {
				seen[succ] = true
				visit(succ, 0)
			}
		}
	}
	visit(from.Block(), ssautil.Index(from)+1)
	return out
}

// stops reports whether instr may wait for or stop a goroutine.
func stops(fset *token.FileSet, instr ssa.Instruction) bool {
	if _, _, ok := hb.JoinKey(fset, instr); ok {
		return true
	}
	if _, ok := instr.(*ssa.Select); ok {
		return true
	}
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	if callee := call.Common().StaticCallee(); callee != nil && teardown(callee) {
		return true
	}
	return call.Common().IsInvoke() && teardownName(call.Common().Method.Name())
}

func (c *checker) reportEscaped(e escaped, y access) {
	name := y.mapRef.Name()
	msg := fmt.Sprintf("map %s is %s here while a goroutine started in the call at %s, and never waited for, %s it, with no common lock: concurrent map %s is a fatal runtime error; guard every access with one mutex",
		name, y.verb(), c.site(e.start.Pos()), verbPresent(e.write), raceKind(e.write, y.write))
	related := []analysis.RelatedInformation{
		report.Related(e.at, "%s %s here by the goroutine", name, (access{write: e.write}).verb()),
		report.Related(e.spawn, "goroutine started here"),
		report.Related(e.start.Pos(), "by this call"),
	}
	report.Report(c.pass, analysis.Diagnostic{Pos: y.instr.Pos(), Message: msg, Related: append(related, y.calleeRelated(name)...)})
}

// spawnedRef is an access a goroutine's body makes, in its spawner's
// terms.
type spawnedRef struct {
	ref    locks.Ref
	write  bool
	waited bool // the body waited for something before it, on every path
	may    bool
	held   []locks.Held
	at     token.Pos
}

// sharedRefs lists the accesses the body of s makes (and those of the
// function values its go statement passes) on maps the spawner can
// name, in the spawner's terms.
func (c *checker) sharedRefs(s spawn.Spawn) []spawnedRef {
	var out []spawnedRef
	if body := s.Body(); body != nil {
		site := s.Site()
		for _, a := range c.accessesOf(body) {
			ref, ok := site.Rebase(c.pass.Fset, a.mapRef, accesspath.StoragePlace)
			if !ok {
				continue
			}
			waited := effects.WaitedBefore(c.pass.Fset, a.instr) || (a.via != nil && a.via.Waited)
			out = append(out, spawnedRef{ref, a.write, waited, a.via != nil && a.via.May, c.guardsOf(a), c.writePos(a)})
		}
	}
	for _, x := range c.argAccesses(s) {
		out = append(out, spawnedRef{x.mapRef, x.write, x.via.Waited, x.via.May, x.via.Held, x.via.Pos()})
	}
	return out
}
