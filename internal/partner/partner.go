// Package partner lists, per function, the blocking operations and
// their partners a function makes on channels, WaitGroups and Conds,
// itself or in the calls it makes, with the locks held at each and the
// locks taken on some path before it. A blocked operation ends only
// when its partner runs: a send when a receive (or a close) does, a
// receive when a send or a close does, WaitGroup.Wait when Done does,
// Cond.Wait when Signal or Broadcast does. Analyzers match the two by
// the storage's class (the field or variable declared), as lock
// classes are matched across functions.
//
// The model is package-local: calls are followed as internal/effects
// follows them (interface calls included), to a bounded depth.
package partner

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Kind is what an operation does.
type Kind uint8

const (
	Send Kind = iota
	Recv
	Close
	GroupWait
	GroupDone
	CondWait
	CondSignal
)

func (k Kind) String() string {
	return [...]string{"send on", "receive from", "close of", "Wait on", "Done on", "Wait on", "Signal of"}[k]
}

// Blocking reports whether an operation of kind k may wait for a
// partner.
func (k Kind) Blocking() bool { return k == Send || k == Recv || k == GroupWait || k == CondWait }

// Ends reports whether an operation of kind p ends a blocked operation
// of kind k: a receive or a close ends a send (a close by panicking
// it), a send or a close a receive, Done a Wait, Signal or Broadcast a
// Cond.Wait.
func (k Kind) Ends(p Kind) bool {
	switch k {
	case Send:
		return p == Recv || p == Close
	case Recv:
		return p == Send || p == Close
	case GroupWait:
		return p == GroupDone
	case CondWait:
		return p == CondSignal
	}
	return false
}

// Bounds keep the lists small whatever the call graph.
const (
	maxDepth = 4   // calls followed below a function
	maxOps   = 256 // operations per function
)

// Op is one operation a function makes, itself or in a callee.
type Op struct {
	Kind      Kind
	Class     string // the storage's declaration (access.Ref.Class)
	ClassName string
	Name      string    // the storage as the innermost function names it
	Pos       token.Pos // the operation itself
	// Instr is the function's own instruction: the operation, or the
	// call that reaches it.
	Instr ssa.Instruction
	Via   []string // calls from the function to the operation
	// Select is set for a case of a select; Default when that select
	// has a default case (then it never blocks).
	Select  *ssa.Select
	Default bool
	// Case is the index of the select's case (in Select.States).
	Case int
	// Deferred is set for an operation run when the function returns.
	Deferred bool
	// Released are the classes of the locks a callee on the way to the
	// operation (below the function) releases on some path before it:
	// a lock the function holds at the call may be let go by then
	// (c.mu.Unlock(); cb(); c.mu.Lock()).
	Released []string
	// released are those the innermost function releases itself.
	released []string
}

// Taken is a lock acquired before an operation.
type Taken struct {
	Class     string
	ClassName string
	Mode      locks.Mode
	Pos       token.Pos
	// Via and Site are the calls below the function to the innermost
	// Lock and where it is, when not direct (locks.Acquisition).
	Via  []string
	Site string
	// At is the function's own instruction that takes it (the Lock or
	// the call leading to it).
	At ssa.Instruction
	// Confined is set when the lock lies in an object the function
	// allocated that only package code it calls or starts can have
	// reached at At (a constructor's, before it returns the object).
	Confined bool
}

// Model answers, for one package, which operations may block in a
// function and where their partners take locks. Blocking operations
// are summarised bottom-up; partners are found on demand, from the
// operations that end a blocked one up through their callers.
type Model struct {
	fset    *token.FileSet
	locks   *locks.Result
	callees func(ssa.CallInstruction) []*ssa.Function
	makes   *Makes
	fns     []*ssa.Function
	memo    map[*ssa.Function][]Op
	busy    map[*ssa.Function]bool
	rels    map[*ssa.Function][]release
	// ends and callers are built on the first Partner question.
	ends    map[string][]site // operations that end a wait, by class
	callers map[*ssa.Function][]ssa.CallInstruction
	starts  map[*ssa.Function][]ssa.CallInstruction // go statements
	above   map[*ssa.Function]map[*ssa.Function]Reach
	// taken memoises takenBefore: every Partner question walks the
	// same ending operations and their callers.
	taken map[takenKey][]Taken
	// privacy memoises objectPrivacy.
	privacy map[*locks.FuncFlow]map[event]int
	// adds memoises addsAt.
	adds map[addsKey][]ssa.Instruction
}

type takenKey struct {
	instr    ssa.Instruction
	deferred bool
}

// site is an operation in the function that makes it.
type site struct {
	fn *ssa.Function
	op Op
}

// New returns a model of fns (the package's functions) over its lock
// model; callees lists the functions a call runs (nil: static callees
// only).
func New(fset *token.FileSet, lk *locks.Result, makes *Makes, fns []*ssa.Function, callees func(ssa.CallInstruction) []*ssa.Function) *Model {
	if callees == nil {
		callees = func(call ssa.CallInstruction) []*ssa.Function {
			if fn := call.Common().StaticCallee(); fn != nil {
				return []*ssa.Function{fn}
			}
			return nil
		}
	}
	return &Model{fset: fset, locks: lk, makes: makes, fns: fns, callees: callees,
		memo: map[*ssa.Function][]Op{}, busy: map[*ssa.Function]bool{}, rels: map[*ssa.Function][]release{}}
}

// Blocking returns the operations that may block fn makes, itself and
// through the calls it makes (not in goroutines it starts). A channel
// operation counts only on an unbuffered channel the package makes (a
// buffered one blocks only when full or empty, which the model does
// not count), a Cond.Wait only on a Cond whose L is known.
func (m *Model) Blocking(fn *ssa.Function) []Op {
	if ops, ok := m.memo[fn]; ok {
		return ops
	}
	if m.busy[fn] || len(fn.Blocks) == 0 {
		return nil
	}
	m.busy[fn] = true
	defer delete(m.busy, fn)
	var out []Op
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, op := range m.direct(instr) {
				if op.Kind.Blocking() && m.mayBlock(op) {
					op.released = m.releasedBefore(instr)
					out = append(out, op)
				}
			}
			if call, ok := instr.(ssa.CallInstruction); ok && !isGo(call) {
				out = append(out, m.lifted(call)...)
			}
		}
	}
	// A function met again inside a cycle is seen as it was so far:
	// the model under-approximates, and so it does past maxOps.
	if len(out) > maxOps {
		out = out[:maxOps]
	}
	m.memo[fn] = out
	return out
}

func (m *Model) mayBlock(op Op) bool {
	switch op.Kind {
	case Send, Recv:
		return m.makes.Unbuffered(op.Class)
	case CondWait:
		_, known := m.makes.CondLocks(op.Class)
		return known
	}
	return true
}

func isGo(call ssa.CallInstruction) bool {
	_, ok := call.(*ssa.Go)
	return ok
}

// lifted restates the blocking operations of call's callees as the
// caller's.
func (m *Model) lifted(call ssa.CallInstruction) []Op {
	var out []Op
	for _, fn := range m.callees(call) {
		for _, op := range m.Blocking(fn) {
			if len(op.Via) >= maxDepth {
				continue
			}
			op = m.atCall(op, call)
			op.Released = append(slices.Clip(op.Released), op.released...)
			op.released = m.releasedBefore(call)
			out = append(out, op)
		}
	}
	return out
}

// atCall restates a callee's operation as made by the call: at the
// call, through it. A callee's deferred operation runs when the callee
// returns: at the call too, unless the call is deferred.
func (m *Model) atCall(op Op, call ssa.CallInstruction) Op {
	_, deferred := call.(*ssa.Defer)
	op.Instr = call
	op.Via = append([]string{locks.Site(m.fset, call.Pos())}, op.Via...)
	op.Deferred = deferred
	return op
}

// maxSteps bounds the functions one Partner question visits.
const maxSteps = 2000

// Partner looks for an operation that ends a blocked operation of kind
// on class, made by a function that takes a lock admit accepts on some
// path before it: in the function making the operation, or in one of
// its callers (up to maxDepth calls above it) before the call. It
// returns the function where the lock is taken, the operation in its
// terms, and the lock.
func (m *Model) Partner(class string, kind Kind, admit func(fn *ssa.Function, t Taken) bool) (*ssa.Function, Op, Taken, bool) {
	m.index()
	steps := 0
	var walk func(s site, depth int, seen map[*ssa.Function]bool, addsBelow bool) (*ssa.Function, Op, Taken, bool)
	walk = func(s site, depth int, seen map[*ssa.Function]bool, addsBelow bool) (*ssa.Function, Op, Taken, bool) {
		steps++
		if addsBelow {
			// The call below adds to the group before its Done: every
			// lock taken here comes before that Add, and a Wait made
			// under such a lock does not count this Done yet.
			return nil, Op{}, Taken{}, false
		}
		for _, t := range m.takenAt(s) {
			if s.op.Kind == GroupDone && m.addsAfter(s.fn, class, &t, s.op) {
				continue // taken before the count includes this Done
			}
			if admit(s.fn, t) {
				return s.fn, s.op, t, true
			}
		}
		if depth >= maxDepth {
			return nil, Op{}, Taken{}, false
		}
		for _, call := range m.callers[s.fn] {
			up := call.Parent()
			if seen[up] || steps > maxSteps {
				continue
			}
			op := m.atCall(s.op, call)
			seen[up] = true
			adds := addsBelow || s.op.Kind == GroupDone && m.addsAfter(s.fn, class, nil, s.op)
			if fn, op, t, ok := walk(site{up, op}, depth+1, seen, adds); ok {
				return fn, op, t, true
			}
		}
		return nil, Op{}, Taken{}, false
	}
	for _, s := range m.ends[class] {
		if !kind.Ends(s.op.Kind) {
			continue
		}
		if fn, op, t, ok := walk(s, 0, map[*ssa.Function]bool{s.fn: true}, false); ok {
			return fn, op, t, true
		}
	}
	return nil, Op{}, Taken{}, false
}

// index lists the operations that end a wait, and each function's
// callers (go statements aside: a goroutine started is not on the
// path of the function that starts it).
func (m *Model) index() {
	if m.ends != nil {
		return
	}
	m.ends = map[string][]site{}
	m.callers = map[*ssa.Function][]ssa.CallInstruction{}
	m.starts = map[*ssa.Function][]ssa.CallInstruction{}
	m.above = map[*ssa.Function]map[*ssa.Function]Reach{}
	m.taken = map[takenKey][]Taken{}
	m.privacy = map[*locks.FuncFlow]map[event]int{}
	for _, fn := range m.fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, op := range m.direct(instr) {
					if !op.Kind.Blocking() || op.Kind == Send || op.Kind == Recv {
						m.ends[op.Class] = append(m.ends[op.Class], site{fn, op})
					}
				}
				call, ok := instr.(ssa.CallInstruction)
				switch {
				case ok && isGo(call):
					if callee := call.Common().StaticCallee(); callee != nil {
						m.starts[callee] = append(m.starts[callee], call)
					}
				case ok:
					for _, callee := range m.callees(call) {
						m.callers[callee] = append(m.callers[callee], call)
					}
				}
			}
		}
	}
}

// Reach says how a function above another runs it.
type Reach uint8

const (
	// Called: through calls only, on the caller's goroutine.
	Called Reach = 1 << iota
	// Started: through a go statement, or a literal written in it
	// that may run anywhere (a callback kept for later).
	Started
)

// Above returns the functions that run fn, transitively (at most
// maxSteps), each with how: by calls only, or through a go statement or
// a literal written in it.
func (m *Model) Above(fn *ssa.Function) map[*ssa.Function]Reach {
	m.index()
	if set, ok := m.above[fn]; ok {
		return set
	}
	type state struct {
		f *ssa.Function
		r Reach
	}
	set := map[*ssa.Function]Reach{fn: Called}
	work := []state{{fn, Called}}
	add := func(f *ssa.Function, r Reach) {
		if f == nil || set[f]&r != 0 || len(set) >= maxSteps {
			return
		}
		set[f] |= r
		work = append(work, state{f, r})
	}
	for len(work) > 0 {
		st := work[len(work)-1]
		work = work[:len(work)-1]
		add(st.f.Parent(), Started)
		for _, c := range m.callers[st.f] {
			add(c.Parent(), st.r)
		}
		for _, c := range m.starts[st.f] {
			add(c.Parent(), Started)
		}
	}
	m.above[fn] = set
	return set
}

// takenAt is takenBefore at s's operation, once per instruction.
func (m *Model) takenAt(s site) []Taken {
	k := takenKey{s.op.Instr, s.op.Deferred}
	ts, ok := m.taken[k]
	if !ok {
		ts = m.takenBefore(m.locks.ByFunc[s.fn], s.op.Instr, s.op.Deferred)
		m.taken[k] = ts
	}
	return ts
}

// takenBefore lists the locks fl's function takes on some path before
// instr: at an instruction that reaches it, or at instr itself in a
// loop (an earlier iteration). A deferred operation runs after all of
// them. Locks of objects still unpublished where they are taken are
// left out.
func (m *Model) takenBefore(fl *locks.FuncFlow, instr ssa.Instruction, deferred bool) []Taken {
	if fl == nil {
		return nil
	}
	privacy, ok := m.privacy[fl]
	if !ok {
		privacy = objectPrivacy(fl)
		m.privacy[fl] = privacy
	}
	var out []Taken
	for _, a := range fl.Acquisitions {
		// A mutex of an object no other goroutine can reach yet (a
		// constructor's, before it publishes the object) is held by
		// no blocked goroutine: taking it waits for no one.
		p := privacy[eventOf(a)]
		if a.Ref.Class == "" || a.Instr == nil || p == unpublished {
			continue
		}
		before := deferred
		switch {
		case a.Instr == instr:
			before = before || ssautil.InLoop(instr.Block())
		default:
			before = before || hb.Reaches(a.Instr, instr)
		}
		if before {
			out = append(out, Taken{Class: a.Ref.Class, ClassName: a.Ref.ClassName, Mode: a.Mode, Pos: a.Pos, At: a.Instr, Via: a.Via, Site: a.Site,
				Confined: p == confined})
		}
	}
	return out
}

// event is one lock taken: a callee's Lock appears twice at the call,
// once by class (for ordering) and once on the instance the caller
// names, with the same class and innermost site.
type event struct {
	at          ssa.Instruction
	class, site string
}

func eventOf(a locks.Acquisition) event { return event{a.Instr, a.Ref.Class, a.Site} }

const (
	published   = iota
	confined    // only package code the function runs can have the object
	unpublished // no other goroutine can have it
)

// objectPrivacy says, for each lock event of fl on an instance it
// names, how far the object holding the mutex has gone where it is
// taken.
func objectPrivacy(fl *locks.FuncFlow) map[event]int {
	out := map[event]int{}
	for _, a := range fl.Acquisitions {
		if a.Ref.Key == "" || a.Instr == nil {
			continue
		}
		switch {
		case fl.Unpublished(a.Ref, a.Instr):
			out[eventOf(a)] = unpublished
		case fl.HandedOnlyToPackage(a.Ref, a.Instr):
			out[eventOf(a)] = confined
		}
	}
	return out
}

// releasedBefore lists the classes of the locks instr's function
// unlocks, itself or through an unlock helper, on some path before
// instr.
func (m *Model) releasedBefore(instr ssa.Instruction) []string {
	var out []string
	for _, r := range m.releases(instr.Parent()) {
		if hb.Reaches(r.at, instr) {
			out = append(out, r.class)
		}
	}
	return out
}

type release struct {
	at    ssa.Instruction
	class string
}

// releases lists fn's unlocks and calls of unlock helpers, once.
func (m *Model) releases(fn *ssa.Function) []release {
	if rs, ok := m.rels[fn]; ok {
		return rs
	}
	var out []release
	for _, b := range fn.Blocks {
		for _, x := range b.Instrs {
			call, ok := x.(*ssa.Call)
			if !ok {
				continue
			}
			if op, mu := locks.OpOf(&call.Call); op == locks.Unlock || op == locks.RUnlock {
				if ref, ok := locks.RefOf(m.fset, mu); ok && ref.Class != "" {
					out = append(out, release{x, ref.Class})
				}
				continue
			}
			if fl := m.locks.ByFunc[call.Call.StaticCallee()]; fl != nil && fl.Summary != nil {
				for _, e := range fl.Summary.Releases {
					out = append(out, release{x, e.Class})
				}
			}
		}
	}
	m.rels[fn] = out
	return out
}

// AfterSpawn reports whether t may be taken after fn's go statement
// that starts body: a lock its spawner takes only before starting a
// goroutine cannot wait for that goroutine.
func (t Taken) AfterSpawn(fn, body *ssa.Function) bool {
	if t.At == nil {
		return true
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if g, ok := instr.(*ssa.Go); ok && g.Call.StaticCallee() == body && !hb.Reaches(g, t.At) {
				return false
			}
		}
	}
	return true
}

// direct recognises the operations instr makes itself, on storage with
// a class.
func (m *Model) direct(instr ssa.Instruction) []Op {
	var out []Op
	add := func(k Kind, v ssa.Value, addr bool) {
		ref, ok := m.name(v, addr)
		if ok {
			out = append(out, Op{Kind: k, Class: ref.Class, ClassName: ref.ClassName, Name: ref.Name(), Instr: instr, Pos: instr.Pos()})
		}
	}
	switch instr := instr.(type) {
	case *ssa.Send:
		add(Send, instr.Chan, false)
	case *ssa.UnOp:
		if instr.Op == token.ARROW {
			add(Recv, instr.X, false)
		}
	case *ssa.Select:
		for i, st := range instr.States {
			k := Recv
			if st.Dir == types.SendOnly {
				k = Send
			}
			n := len(out)
			add(k, st.Chan, false)
			for j := n; j < len(out); j++ {
				out[j].Case = i
			}
		}
		for i := range out {
			out[i].Select, out[i].Default = instr, !instr.Blocking
		}
	case ssa.CallInstruction:
		if isGo(instr) {
			return nil
		}
		k, v, ok := syncOp(instr.Common())
		if ok {
			add(k, v, k != Close)
		}
		if _, ok := instr.(*ssa.Defer); ok {
			for i := range out {
				out[i].Deferred = true
			}
		}
	}
	return out
}

// name names a channel value (by where it was loaded from) or the
// address of a WaitGroup or Cond.
func (m *Model) name(v ssa.Value, addr bool) (access.Ref, bool) {
	var ref access.Ref
	var ok bool
	switch p, isParam := v.(*ssa.Parameter); {
	case addr:
		ref, ok = access.RefOf(m.fset, v)
	case isParam && m.makes != nil:
		return m.makes.ParamClass(m.fset, p)
	default:
		ref, ok = access.Storage(m.fset, v)
	}
	if name := ref.Name(); ok && len(name) > 1 && name[0] == 't' && name[1] >= '0' && name[1] <= '9' {
		// A register (an element of a slice or map) names nothing
		// readers know: name the class.
		ref = ref.WithName(locks.ClassLabel(ref.Class, ref.ClassName))
	}
	return ref, ok && ref.Class != ""
}

// syncOp recognises close and the WaitGroup and Cond methods that wait
// or end a wait.
func syncOp(call *ssa.CallCommon) (Kind, ssa.Value, bool) {
	if b, ok := call.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(call.Args) == 1 {
		return Close, call.Args[0], true
	}
	fn := call.StaticCallee()
	if fn == nil || len(call.Args) == 0 {
		return 0, nil, false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return 0, nil, false
	}
	switch obj.FullName() {
	case "(*sync.WaitGroup).Wait":
		return GroupWait, call.Args[0], true
	case "(*sync.WaitGroup).Done":
		return GroupDone, call.Args[0], true
	case "(*sync.Cond).Wait":
		return CondWait, call.Args[0], true
	case "(*sync.Cond).Signal", "(*sync.Cond).Broadcast":
		return CondSignal, call.Args[0], true
	}
	return 0, nil, false
}
