package locks

import (
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// maxGates bounds the gate classes an edge carries: edges travel in
// every importing package's fact.
const maxGates = 4

// acqKey names one acquisition of an instance in a function.
type acqKey struct {
	pos token.Pos
	key string
}

// heldAtAcquisitions maps each acquisition of fl to the locks held
// just before it (the first event at that position, for a call that
// both acquires and hands back a lock).
func heldAtAcquisitions(fl *FuncFlow) map[acqKey][]Held {
	out := map[acqKey][]Held{}
	for _, a := range fl.Acquisitions {
		k := acqKey{a.Pos, a.Ref.Key}
		if _, ok := out[k]; !ok && a.Ref.Key != "" {
			out[k] = a.Held
		}
	}
	return out
}

// gatesOf returns the classes held for writing both when h was
// acquired and when a is, other than the edge's own two classes: a lock
// taken before the edge's first lock and kept past its second, so that
// two goroutines forming edges under it cannot interleave. A lock whose
// acquisition this function did not see gates nothing.
func gatesOf(heldAt map[acqKey][]Held, h Held, a Acquisition) []string {
	before, ok := heldAt[acqKey{h.Pos, h.Ref.Key}]
	if !ok {
		return nil
	}
	var out []string
	for _, g := range a.Held {
		if g.Mode != Write || g.Ref.Class == "" || g.Ref.Key == h.Ref.Key ||
			g.Ref.Class == h.Ref.Class || g.Ref.Class == a.Ref.Class {
			continue
		}
		if heldFor(before, g) {
			out = append(out, g.Ref.Class)
		}
	}
	return boundGates(out)
}

// Gates returns the classes held for writing since before h was
// acquired and still held at a: the gates of the nesting of a under h.
func (ff *FuncFlow) Gates(h Held, a Acquisition) []string {
	gates := gatesOf(heldAtAcquisitions(ff), h, a)
	if g := goroutineGate(ff.Fn, ff.single, h.Ref, a.Ref); g != "" {
		gates = boundGates(append(gates, g))
	}
	return withCallerGates(gates, ff, h, a)
}

// withCallerGates adds fl's caller gates to an edge's gates, but for
// the edge's own two classes.
func withCallerGates(gates []string, fl *FuncFlow, h Held, a Acquisition) []string {
	gates = append(gates, entryGates(fl, h, a)...)
	for _, g := range fl.callerGates {
		if g != h.Ref.Class && g != a.Ref.Class {
			gates = append(gates, g)
		}
	}
	return boundGates(gates)
}

// callerGates returns the classes held for writing at every call that a
// closure fn is handed to as a callback (sync.Map.Range, a visitor, a
// direct call): the call runs fn before it returns, so fn's sections
// run under the caller's locks, one goroutine at a time. They count as
// gates only, never as edges: the callee may run fn on another
// goroutine after all, which would order nothing, but a lock the caller
// holds throughout still keeps two such callers apart. Empty when fn is
// used any other way (started, deferred, stored, returned).
func callerGates(fn *ssa.Function, flows map[*ssa.Function]*FuncFlow) []string {
	parent := flows[fn.Parent()]
	if parent == nil {
		return nil
	}
	var gates []string
	calls := 0
	ok := closureCalls(fn, func(call *ssa.Call, _ ssa.Value) bool {
		held := writeHeldClasses(parent.HeldBefore(call))
		if calls == 0 {
			gates = held
		} else {
			gates = slices.DeleteFunc(gates, func(g string) bool { return !slices.Contains(held, g) })
		}
		calls++
		return true
	})
	if !ok {
		return nil
	}
	return boundGates(gates)
}

// writeHeldClasses returns the classes of the locks in held that are
// held for writing.
func writeHeldClasses(held []Held) []string {
	var out []string
	for _, h := range held {
		if h.Mode == Write && h.Ref.Class != "" {
			out = append(out, h.Ref.Class)
		}
	}
	return out
}

// heldFor reports whether list holds g for writing, from the same
// acquisition: a gate released and taken again in between gates nothing.
func heldFor(list []Held, g Held) bool {
	for _, x := range list {
		if x.Ref.Key == g.Ref.Key && x.Pos == g.Pos && x.Mode == Write {
			return true
		}
	}
	return false
}

func boundGates(gates []string) []string {
	sort.Strings(gates)
	gates = slices.Compact(gates)
	if len(gates) > maxGates {
		gates = gates[:maxGates]
	}
	return gates
}

// onceGate is the pseudo-class gating a closure that is only ever
// passed to sync.Once.Do: whatever it nests, one goroutine at most runs
// a section of that Once. Empty when fn is used any other way.
func onceGate(fset *token.FileSet, fn *ssa.Function) string {
	gate := ""
	ok := closureCalls(fn, func(call *ssa.Call, site ssa.Value) bool {
		if !ssautil.IsOnceDo(&call.Call) || len(call.Call.Args) != 2 || call.Call.Args[1] != site {
			return false
		}
		ref, _ := RefOf(fset, call.Call.Args[0])
		name := ref.Class
		if name == "" {
			name = ShortFunc(fn)
		}
		gate = onceGatePrefix + name
		return true
	})
	if !ok {
		return ""
	}
	return gate
}

// closureCalls calls visit for every use of closure fn in its parent,
// each of which must be a call (fn, or the closure made of it, as an
// argument or as the function called), and reports whether every use
// was one and visit accepted it. A function that is not a closure has
// no uses to visit: false.
func closureCalls(fn *ssa.Function, visit func(call *ssa.Call, site ssa.Value) bool) bool {
	parent := fn.Parent()
	if parent == nil {
		return false
	}
	var site ssa.Value = fn
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				site = mc
			}
		}
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok && v == site {
				continue
			}
			for _, op := range instr.Operands(nil) {
				if op == nil || *op != site {
					continue
				}
				call, ok := instr.(*ssa.Call)
				if !ok || !visit(call, site) {
					return false
				}
			}
		}
	}
	return true
}

const onceGatePrefix = "sync.Once "

// IsOnceGate reports whether a gate is a sync.Once section's.
func IsOnceGate(gate string) bool { return strings.HasPrefix(gate, onceGatePrefix) }

// IsTestFile reports whether pos lies in a _test.go file.
func IsTestFile(fset *token.FileSet, pos token.Pos) bool {
	return pos.IsValid() && strings.HasSuffix(fset.Position(pos).Filename, "_test.go")
}

// Merge folds another witness of the same class pair into e: e stays
// the witness named in messages; the modes become the stronger of the
// two, the gates those both share, and the edge a test edge only if
// both are.
func Merge(e, o Edge) Edge {
	e.FromMode = min(e.FromMode, o.FromMode) // Write < Read
	e.ToMode = min(e.ToMode, o.ToMode)
	var gates []string
	for _, g := range e.Gates {
		if slices.Contains(o.Gates, g) {
			gates = append(gates, g)
		}
	}
	e.Gates = gates
	e.Test = e.Test && o.Test
	e.May = e.May && o.May
	e.FromRoles, e.ToRoles = joinRoles(e.FromRoles, o.FromRoles), joinRoles(e.ToRoles, o.ToRoles)
	return e
}

// localWriters lists the RWMutex classes this package's code
// write-locks directly, once per class and test-ness. Locks inside
// callees of other packages come through their facts.
func localWriters(fset *token.FileSet, flows []*FuncFlow) []Writer {
	var out []Writer
	for _, fl := range flows {
		for _, a := range fl.Acquisitions {
			if a.Mode != Write || !a.Direct() || a.Ref.Class == "" || !rwLock(a.Instr) {
				continue
			}
			out = append(out, Writer{Class: a.Ref.Class, ClassName: a.Ref.ClassName, Site: a.Site, Test: IsTestFile(fset, a.Pos)})
		}
	}
	return out
}

// rwLock reports whether instr is a Lock call on a sync.RWMutex.
func rwLock(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	op, mu := opOf(&call.Call)
	if op != Lock || mu == nil {
		return false
	}
	ptr, ok := types.Unalias(mu.Type()).(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" && named.Obj().Name() == "RWMutex"
}

// mergeWriters keeps one writer per class and test-ness, the first seen.
func mergeWriters(lists ...[]Writer) []Writer {
	type key struct {
		class string
		test  bool
	}
	seen := map[key]bool{}
	var out []Writer
	for _, list := range lists {
		for _, w := range list {
			if k := (key{w.Class, w.Test}); !seen[k] {
				seen[k] = true
				out = append(out, w)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Class != out[j].Class {
			return out[i].Class < out[j].Class
		}
		return !out[i].Test && out[j].Test
	})
	return out
}

// Writer returns a writer of class that may support a report: for a
// report in production code, a writer in production code.
func (r *Result) Writer(class string, inTest bool) (Writer, bool) {
	for _, w := range r.Writers {
		if w.Class == class && (inTest || !w.Test) {
			return w, true
		}
	}
	return Writer{}, false
}
