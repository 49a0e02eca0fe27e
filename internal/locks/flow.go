package locks

import (
	"go/constant"
	"go/token"
	"maps"
	"slices"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Held is one lock held at a program point.
type Held struct {
	Ref  Ref
	Mode Mode
	Pos  token.Pos // where this function acquired it (the Lock or the helper call)
	Via  []string  // helper chain, when acquired through a lock helper
	// Deferred is set once a deferred call will release it.
	Deferred bool
	// Callers is set when this is the caller's lock, released and
	// taken back by this function: releasing it again lends it again.
	Callers bool
	// Wrapped is set for a lock-like value that is not a sync mutex
	// (see wrapped.go): only HeldBefore lists it.
	Wrapped bool
	// Entry is set for a lock every caller holds around the call (see
	// Result.EntryHeld), not one this function takes; Pos is then a
	// call that holds it.
	Entry bool
}

// Acquisition is one lock acquired by a function, directly or inside a
// static callee, with the locks held just before it.
type Acquisition struct {
	Ref   Ref // the instance, when the caller can name it (Ref.Key != "")
	Mode  Mode
	Pos   token.Pos // the Lock call or the call into the callee
	Instr ssa.Instruction
	// Via is the chain of callees below this function, and Site the
	// innermost acquisition's "file.go:line"; both empty when direct.
	Via  []string
	Site string
	// Order is set for events that feed lock-order edges; instance
	// events from callees' Locks repeat a class already counted.
	Order bool
	// Reacquire is set when the function released this caller's lock
	// earlier on some path and now takes it back.
	Reacquire bool
	// Cond is the bool parameter the acquisition depends on, if any.
	Cond Cond
	// Effect is the callee's effect this acquisition maps, for
	// acquisitions through a call on a caller-visible instance whose
	// parameters are the call's arguments.
	Effect *Effect
	// Must is set when every path through the function to a return
	// makes this acquisition (and, through a call, the callee makes it
	// on every path too).
	Must bool
	// May is set for an acquisition a callee makes on some paths only
	// (or one of several functions the call may run makes): it orders
	// locks, but a cycle needs more than such edges (see Edge.May).
	May  bool
	Held []Held
	// Released are the caller's locks released on every path to the
	// acquisition, and not taken back (see released.go).
	Released []Ref
}

// Direct reports whether the acquisition is a Lock call in this function.
func (a Acquisition) Direct() bool { return len(a.Via) == 0 }

// Return is one return with the locks held there.
type Return struct {
	Instr *ssa.Return
	Held  []Held
	// Taken are the keys acquired on every path to the return.
	Taken map[string]bool
	// Released are the caller's locks released on some path to the
	// return and not taken back.
	Released map[string]bool
}

// FuncFlow is the lock model of one function.
type FuncFlow struct {
	Fn           *ssa.Function
	Acquisitions []Acquisition
	Returns      []Return
	Summary      *Summary

	// single is the run loop the function runs on only, if any.
	single confined
	// phases tells which closing bodies its edges run inside or after.
	phases *phases
	// callerGates are the classes its callers hold for writing around
	// every call of a closure used only as a callback (see callerGates).
	callerGates []string
	// entryHeld are the locks every caller holds (Result.EntryHeld),
	// gates of its edges while it keeps them (see entryGates).
	entryHeld []Held

	// entry holds the solved state at each block's entry, so that
	// HeldBefore can replay one block instead of storing every point.
	entry []*state
	flow  *flow
	// holds is set when the recording pass held a lock at some point,
	// or one is held at a block's entry (see HoldsAny).
	holds bool
}

// HeldBefore returns the locks held on every path to instr.
func (ff *FuncFlow) HeldBefore(instr ssa.Instruction) []Held {
	return ff.Cursor().HeldBefore(instr)
}

// HoldsAny reports whether some instruction of the function may run
// with a lock of its own held: the recording pass, which visits every
// reachable block, took one (a Lock, a lock helper's call), or one is
// held at the entry of a block (a TryLock's success edge). When false,
// HeldBefore is empty everywhere, and a pass can skip what it would ask
// it about.
func (ff *FuncFlow) HoldsAny() bool { return ff.holds }

// hold records h as held in s, noting on the recording pass that the
// function holds a lock (see HoldsAny).
func (f *flow) hold(s *state, key string, h Held) {
	if f.recording {
		f.result.holds = true
	}
	s.hold(key, h)
}

// stateBefore replays instr's block up to instr: the dataflow state
// just before it, or nil when the flow does not reach it.
func (ff *FuncFlow) stateBefore(instr ssa.Instruction) *state {
	b := instr.Block()
	if b == nil || ff.flow == nil || b.Index >= len(ff.entry) || ff.entry[b.Index] == nil {
		return nil
	}
	var out *state
	ff.replayFromEntry(b, func(in ssa.Instruction, s *state) bool {
		if in == instr {
			out = s
			return false
		}
		return true
	})
	return out
}

// replayFromEntry steps through block b from its solved entry state,
// calling visit with each instruction and the state just before it,
// until visit returns false. The state is live: visit clones what it
// keeps.
func (ff *FuncFlow) replayFromEntry(b *ssa.BasicBlock, visit func(ssa.Instruction, *state) bool) {
	if ff.flow == nil || b.Index >= len(ff.entry) || ff.entry[b.Index] == nil {
		return
	}
	ff.replay(b, ff.entry[b.Index].clone(), visit)
}

// lookupFunc returns a callee's summary, or nil.
type lookupFunc func(callee *ssa.Function) *Summary

type state struct {
	held     map[string]Held
	deferred map[string]bool
	// borrowed are caller-visible locks this function released without
	// having taken them: a later Lock re-takes the caller's lock.
	borrowed map[string]bool
	// taken are the locks this function acquired on every path here,
	// held or since released.
	taken map[string]bool
	// released are the caller's locks released on every path here and
	// not taken back (see released.go).
	released map[string]Ref
	// relocks are the locks a deferred Lock takes back at exit, on
	// every path here (c.mu.Unlock(); defer c.mu.Lock(): a wait that
	// lets the caller's lock go and returns holding it again).
	relocks map[string]bool
	// shared is set when the maps may be another state's too (see
	// clone): the first write copies them.
	shared bool
}

// newState returns an empty state. Its maps are made on first write
// (hold, mark, lend): most states of most functions hold nothing.
func newState() *state { return &state{} }

// clone returns a copy of s. The two share their maps until either
// writes (own): the dataflow clones a state at every block, and most
// blocks change nothing. A state other goroutines may clone at once
// (a solved entry state) is marked shared beforehand (see freeze), so
// that clone then only reads it.
func (s *state) clone() *state {
	if !s.shared {
		s.shared = true
	}
	c := *s
	return &c
}

// freeze marks states as shared once and for all, before they are
// published: cloning them then writes nothing.
func freeze(states []*state) {
	for _, s := range states {
		if s != nil {
			s.shared = true
		}
	}
}

// own gives s maps of its own before a write.
func (s *state) own() {
	if !s.shared {
		return
	}
	s.held, s.deferred, s.borrowed = cloneMap(s.held), cloneMap(s.deferred), cloneMap(s.borrowed)
	s.taken, s.released, s.relocks = cloneMap(s.taken), cloneMap(s.released), cloneMap(s.relocks)
	s.shared = false
}

// cloneMap copies m; an empty map (all its keys deleted) copies as nil.
func cloneMap[V any](m map[string]V) map[string]V {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

// hold records h as held under key.
func (s *state) hold(key string, h Held) {
	s.own()
	if s.held == nil {
		s.held = map[string]Held{}
	}
	s.held[key] = h
}

// lend records ref as the caller's lock released (see released.go).
func (s *state) lend(key string, ref Ref) {
	s.own()
	if s.released == nil {
		s.released = map[string]Ref{}
	}
	s.released[key] = ref
}

// mark adds key to the set *set, one of s's, making it if need be.
func (s *state) mark(set *map[string]bool, key string) {
	if (*set)[key] {
		return
	}
	s.own() // *set is s's field: it names the new map after
	if *set == nil {
		*set = map[string]bool{}
	}
	(*set)[key] = true
}

// forget deletes key from *m, one of s's maps.
func forget[V any](s *state, m *map[string]V, key string) {
	if _, ok := (*m)[key]; !ok {
		return
	}
	s.own()
	delete(*m, key)
}

// meet intersects held locks (a lock is held at a join only if held on
// every incoming path) and unions scheduled deferred releases.
func (s *state) meet(o *state) bool {
	changed := false
	for k, h := range s.held {
		oh, ok := o.held[k]
		if !ok || oh.Mode != h.Mode {
			forget(s, &s.held, k)
			changed = true
		}
	}
	for k := range o.deferred {
		if !s.deferred[k] {
			s.mark(&s.deferred, k)
			changed = true
		}
	}
	for k := range o.borrowed {
		if !s.borrowed[k] {
			s.mark(&s.borrowed, k)
			changed = true
		}
	}
	for k := range s.taken {
		if !o.taken[k] {
			forget(s, &s.taken, k)
			changed = true
		}
	}
	for k := range s.released {
		if _, ok := o.released[k]; !ok {
			forget(s, &s.released, k)
			changed = true
		}
	}
	for k := range s.relocks {
		if !o.relocks[k] {
			forget(s, &s.relocks, k)
			changed = true
		}
	}
	return changed
}

func (s *state) list() []Held {
	return s.collect(false)
}

// collect lists the held locks, the wrapped ones too when asked.
func (s *state) collect(wrapped bool) []Held {
	keys := make([]string, 0, len(s.held))
	for k, h := range s.held {
		if wrapped || !h.Wrapped {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]Held, 0, len(keys))
	for _, k := range keys {
		h := s.held[k]
		h.Deferred = s.deferred[k]
		out = append(out, h)
	}
	return out
}

// maxBlocks bounds the functions the dataflow runs on: generated
// functions with tens of thousands of blocks are skipped, not slowed on.
const maxBlocks = 5000

type flow struct {
	fset   *token.FileSet
	fn     *ssa.Function
	lookup lookupFunc
	// calls resolves the functions a call site may run.
	calls *calls.Resolver
	// try maps a TryLock call to the lock it takes on success.
	try map[ssa.Value]Held
	// recording is set on the final pass, when events are kept.
	recording bool
	// must holds the blocks every path from entry to a return passes.
	must     map[*ssa.BasicBlock]bool
	result   *FuncFlow
	releases map[string]Effect
	// pub tells whether a new object may be seen by others yet.
	pub *publish.Query
	// deferredReleases are the caller's locks a deferred Unlock releases.
	deferredReleases map[string]Effect
	// callbacks are the function parameters called, with the classes
	// held around the calls.
	callbacks map[int][]Acquire
	// shared is the list of held locks the acquisitions being recorded
	// share, while sharing (applyAcquisitions). Lists are never
	// changed in place (an addition copies: the list is clipped).
	shared  []Held
	sharing bool
	// scratch is reused across the package's functions (nil in a
	// replay).
	scratch *scratch
	// resolved memoises the resolver's callees by call, for the passes
	// over the function's blocks (nil in a replay).
	resolved map[*ssa.CallCommon][]calls.Callee
	// frozen is resolved once the analysis is over: replays, from
	// several analyzers at once, only read it. The resolver's own memo
	// is one map for the whole package behind a mutex, and replays ask
	// it about every call they pass.
	frozen map[*ssa.CallCommon][]calls.Callee
	// exits are the sets of held locks each deferred call has run
	// under so far, on the recording pass (see firstExit).
	exits map[*ssa.Defer][]string
}

// analyze runs the held-lock dataflow on fn and summarises it.
// scr, if not nil, is reused from function to function.
func analyze(fset *token.FileSet, fn *ssa.Function, lookup lookupFunc, res *calls.Resolver, pub *publish.Query, scr *scratch) *FuncFlow {
	f := &flow{fset: fset, fn: fn, lookup: lookup, calls: res, pub: pub, scratch: scr, try: map[ssa.Value]Held{},
		result: &FuncFlow{Fn: fn}, releases: map[string]Effect{}, deferredReleases: map[string]Effect{}}
	if len(fn.Blocks) == 0 || len(fn.Blocks) > maxBlocks {
		f.result.Summary = &Summary{}
		return f.result
	}
	f.resolved = map[*ssa.CallCommon][]calls.Callee{}
	in := f.solve()
	f.must = mustBlocks(fn)
	f.recording = true
	f.takeAcqs()
	for _, b := range fn.Blocks {
		if in[b.Index] != nil {
			f.transfer(b, in[b.Index].clone())
		}
	}
	f.keepAcqs()
	f.result.Summary = f.summarise()
	freeze(in) // replays clone them from several analyzers at once
	f.result.entry, f.result.flow = in, f
	f.result.holds = f.result.holds || slices.ContainsFunc(in, func(s *state) bool { return s != nil && len(s.held) > 0 })
	f.recording = false
	f.frozen, f.resolved = f.resolved, nil // replays read the flow from several analyzers at once
	return f.result
}

// solve computes the held set at entry to each block.
func (f *flow) solve() []*state {
	blocks := f.fn.Blocks
	in := make([]*state, len(blocks))
	in[0] = newState()
	queued := make([]bool, len(blocks))
	work := []*ssa.BasicBlock{blocks[0]}
	queued[0] = true
	for steps := 0; len(work) > 0 && steps < 50*len(blocks); steps++ {
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		out := f.transfer(b, in[b.Index].clone())
		for i, succ := range b.Succs {
			if deadEdge(b, i) {
				continue
			}
			edge := f.edgeState(b, i, out)
			changed := false
			if in[succ.Index] == nil {
				in[succ.Index] = edge.clone()
				changed = true
			} else {
				changed = in[succ.Index].meet(edge)
			}
			if changed && !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		}
	}
	return in
}

// deadEdge reports whether b's i-th successor edge is never taken: the
// other branch of an if on a constant (if false { return }).
func deadEdge(b *ssa.BasicBlock, i int) bool {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	c, ok := iff.Cond.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Bool {
		return false
	}
	taken := 1
	if constant.BoolVal(c.Value) {
		taken = 0
	}
	return i != taken
}

// edgeState adds the lock a TryLock took to the branch where it succeeded.
func (f *flow) edgeState(b *ssa.BasicBlock, succ int, out *state) *state {
	cond, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return out
	}
	v, success := cond.Cond, 0
	if not, ok := v.(*ssa.UnOp); ok && not.Op == token.NOT {
		v, success = not.X, 1
	}
	h, ok := f.try[v]
	if !ok || succ != success {
		return out
	}
	s := out.clone()
	s.hold(h.Ref.Key, h)
	forget(s, &s.released, h.Ref.Key)
	return s
}

func (f *flow) transfer(b *ssa.BasicBlock, s *state) *state {
	for _, instr := range b.Instrs {
		f.step(instr, s)
	}
	return s
}

func (f *flow) step(instr ssa.Instruction, s *state) {
	{
		switch instr := instr.(type) {
		case *ssa.Call:
			f.call(instr, &instr.Call, s)
			// errgroup's and WaitGroup's Go start a goroutine too.
			if sp, ok := spawn.OfInstr(instr); ok && sp.Kind.Concurrent() {
				f.handOff(&ssa.CallCommon{Value: sp.Fn, Args: sp.Args}, s)
			}
		case *ssa.Defer:
			f.deferred(&instr.Call, s)
		case *ssa.RunDefers:
			f.runDefers(instr, s)
		case *ssa.Go:
			f.handOff(&instr.Call, s)
		case *ssa.Return:
			if f.recording {
				taken := make(map[string]bool, len(s.taken))
				for k := range s.taken {
					taken[k] = true
				}
				released := map[string]bool{}
				for k := range s.borrowed {
					if _, held := s.held[k]; !held && !s.relocks[k] {
						released[k] = true
					}
				}
				f.result.Returns = append(f.result.Returns, Return{Instr: instr, Held: s.list(), Taken: taken, Released: released})
			}
		}
	}
}

func (f *flow) call(instr *ssa.Call, call *ssa.CallCommon, s *state) {
	if op, ref, ok := f.lockOp(call); op != NoOp {
		if !ok {
			return
		}
		switch op {
		case Lock, RLock:
			f.acquire(instr, ref, op.mode(), nil, "", true, f.guard(instr.Block()), s)
			f.hold(s, ref.Key, Held{Ref: ref, Mode: op.mode(), Pos: instr.Pos(), Callers: s.borrowed[ref.Key]})
			s.mark(&s.taken, ref.Key)
			forget(s, &s.borrowed, ref.Key) // a borrowed lock is back with its owner
			forget(s, &s.released, ref.Key)
		case Unlock, RUnlock:
			if _, held := s.held[ref.Key]; !held && f.pairedUnlock(instr, ref) {
				return
			}
			f.letGo(ref, op.mode(), s)
		case TryLock, TryRLock:
			// Written once, by the solver: the entry names only the
			// instruction's own lock, and replays of the function
			// from passes running in parallel only read it.
			if _, ok := f.try[instr]; !ok {
				f.try[instr] = Held{Ref: ref, Mode: op.mode(), Pos: instr.Pos()}
			}
		}
		return
	}
	f.wrapped(instr, call, s)
	f.callbackCall(call, s)
	for _, c := range f.callees(call) {
		use := trust(call, c)
		if use == ignored {
			continue
		}
		if sum := f.lookup(c.Fn); sum != nil && !sum.empty() {
			f.apply(instr, c.Args, c.Bindings, ShortFunc(c.Fn), sum, use, s)
		}
	}
	f.rangeBodies(instr, call, s)
}

// callees returns the functions call may run (calls.Resolver.Callees).
func (f *flow) callees(call *ssa.CallCommon) []calls.Callee {
	if f.resolved == nil {
		if out, ok := f.frozen[call]; ok {
			return out
		}
		return f.calls.Callees(f.fn, call)
	}
	out, ok := f.resolved[call]
	if !ok {
		out = f.calls.Callees(f.fn, call)
		f.resolved[call] = out
	}
	return out
}

// whole returns the one callee of call whose every effect applies at
// the call (see trust), if any.
func (f *flow) whole(call *ssa.CallCommon) (calls.Callee, bool) {
	for _, c := range f.callees(call) {
		if trust(call, c) == wholly {
			return c, true
		}
	}
	return calls.Callee{}, false
}

// rangeBodies applies the body of a range-over-func loop at the call
// of the iterator: go/ssa makes the body a synthetic yield closure, and
// an early return inside it (mu.Unlock(); return) leaves through a
// flag the parent tests after the call. What the body does to the
// parent's locks it does during the call, on some path: a release
// ends the parent's holding (and, the lock having been taken here, a
// later Unlock on the loop's normal exit is no release of the caller's).
func (f *flow) rangeBodies(instr *ssa.Call, call *ssa.CallCommon, s *state) {
	for _, arg := range call.Args {
		mc, ok := arg.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		body, ok := mc.Fn.(*ssa.Function)
		if !ok || body.Synthetic != rangeBody || body.Parent() != f.fn {
			continue
		}
		if sum := f.lookup(body); sum != nil && !sum.empty() {
			f.apply(instr, nil, mc.Bindings, ShortFunc(body), sum, wholly, s)
		}
	}
}

// rangeBody is go/ssa's Synthetic for a range-over-func loop's body.
const rangeBody = "range-over-func yield"

// apply makes a callee's summary effects at a call: args are the
// callee's parameters and bindings its free variables, in our terms;
// use says which effects apply (see trust).
func (f *flow) apply(instr *ssa.Call, args, bindings []ssa.Value, name string, sum *Summary, use trusted, s *state) {
	if f.recording {
		f.applyAcquisitions(instr, args, bindings, name, sum, use, s)
	}
	if use == wholly || use == acquires {
		f.applyCallbacks(instr, args, name, sum, s)
	}
	if use != wholly {
		return // a callee that may not run: what it leaves held or releases is unknown
	}
	for _, e := range sum.Releases {
		if ref, ok := f.mapEffect(e, args, bindings); ok {
			f.letGo(ref, e.Mode, s)
		}
	}
	for _, e := range sum.Holds {
		if ref, ok := f.mapEffect(e, args, bindings); ok {
			f.hold(s, ref.Key, Held{Ref: ref, Mode: e.Mode, Pos: instr.Pos(), Via: f.prepend(name, e.Via)})
			forget(s, &s.released, ref.Key)
			s.mark(&s.taken, ref.Key) // taken here, through a lock helper
		}
	}
}

// applyAcquisitions records a callee's acquisitions at a call (apply),
// or at the exit a deferred call runs at (runDefers), on the recording
// pass: they change no state. They all see the same held locks, and
// share one list of them.
func (f *flow) applyAcquisitions(instr ssa.Instruction, args, bindings []ssa.Value, name string, sum *Summary, use trusted, s *state) {
	if len(sum.Acquires)+len(sum.Locks) > 1 {
		f.shared, f.sharing = slices.Clip(s.list()), true
		defer func() { f.shared, f.sharing = nil, false }()
	}
	// The callee locking an object of ours that no one else can see
	// yet (c := &T{}; c.init()) orders nothing.
	// Each instance effect is mapped once, for both loops below.
	refs := f.refsBuffer(len(sum.Locks))
	mapped := make([]bool, len(sum.Locks))
	var fresh map[[2]string]bool
	for i, e := range sum.Locks {
		refs[i], mapped[i] = f.mapEffect(e, args, bindings)
		if mapped[i] && f.unpublished(refs[i], instr) {
			if fresh == nil {
				fresh = map[[2]string]bool{}
			}
			fresh[[2]string{e.Class, e.Site}] = true
		}
	}
	for _, a := range sum.Acquires {
		if cond, ok := f.mapCond(a.Cond, args, bindings, instr); ok {
			order := !fresh[[2]string{a.Class, a.Site}]
			f.acquire(instr, Ref{Class: a.Class, ClassName: a.ClassName}, a.Mode, f.prepend(name, a.Via), a.Site, order, cond, s)
			f.mayOnly(a.May || use == oneOf)
			f.releasedBefore(a.Released, args, bindings)
		}
	}
	for i := range sum.Locks {
		e := &sum.Locks[i]
		cond, ok := f.mapCond(e.Cond, args, bindings, instr)
		if !ok {
			continue
		}
		if ref := refs[i]; mapped[i] {
			f.acquire(instr, ref, e.Mode, f.prepend(name, e.Via), e.Site, false, cond, s)
			if call, ok := instr.(*ssa.Call); ok && f.recording && sameArgs(args, call.Call.Args) {
				f.result.Acquisitions[len(f.result.Acquisitions)-1].Effect = e // read only, as the summary
			}
			f.mayOnly(e.May || use == oneOf)
			f.releasedBefore(e.Released, args, bindings)
		}
	}
}

// sameArgs reports whether a callee's parameters are the call's own
// arguments (not a method value's receiver put first, nor a value fmt
// formats): only then does an effect's parameter index name an
// argument as written.
func sameArgs(params, args []ssa.Value) bool {
	return len(params) == len(args) && (len(args) == 0 || &params[0] == &args[0])
}

func prepend(name string, via []string) []string {
	out := make([]string, 0, min(len(via)+1, maxVia))
	out = append(append(out, name), via...)
	if len(out) > maxVia {
		// Keep the first calls and the last one, which reaches the
		// site: enough to follow in a message, and a summary (a fact
		// every importer decodes) stays small however deep the calls.
		out = append(out[:maxVia-2:maxVia-2], elided, out[len(out)-1])
	}
	return out
}

// maxVia bounds the call chains kept for messages; elided stands for the
// calls dropped from the middle.
const (
	maxVia = 5
	elided = "…"
)

func (f *flow) acquire(instr ssa.Instruction, ref Ref, mode Mode, via []string, site string, order bool, cond Cond, s *state) {
	if !f.recording {
		return
	}
	if site == "" {
		site = f.site(instr.Pos())
	}
	held := f.shared
	if !f.sharing {
		held = s.list()
	}
	f.result.Acquisitions = append(f.result.Acquisitions, Acquisition{
		Ref: ref, Mode: mode, Pos: instr.Pos(), Instr: instr, Via: via, Site: site, Order: order,
		Reacquire: ref.Key != "" && s.borrowed[ref.Key], Cond: cond, Held: held,
		Must: f.must[instr.Block()], Released: s.releasedList(ref.Key),
	})
}

func (f *flow) release(ref Ref, mode Mode, s *state) {
	if h, ok := s.held[ref.Key]; ok {
		// A deferred release stays scheduled: Unlock, work, Lock
		// again under a deferred Unlock is a common shape.
		forget(s, &s.held, ref.Key)
		if h.Callers {
			s.mark(&s.borrowed, ref.Key)
		}
		return
	}
	if s.taken[ref.Key] {
		// Taken here and already let go of (a range-over-func body
		// may have released it): not the caller's lock.
		return
	}
	if ref.Path.Root.Kind.Outside() {
		s.mark(&s.borrowed, ref.Key)
	}
	// Releasing what this function did not take: an unlock helper.
	if f.recording && ref.Path.Root.Kind.Outside() {
		f.releases[ref.Key] = effectOf(ref, mode, "", nil)
	}
}

// handOff applies the releases of a function started by a go
// statement: the lock is handed to the new goroutine, which releases
// it (mu.Lock(); go func() { ...; mu.Unlock() }()). It is not held past
// the go statement, whatever the goroutine does first.
func (f *flow) handOff(call *ssa.CallCommon, s *state) {
	if op, ref, ok := f.lockOp(call); op == Unlock || op == RUnlock {
		if ok {
			f.release(ref, op.mode(), s)
		}
		return
	}
	c, ok := f.whole(call)
	if !ok {
		return
	}
	sum := f.lookup(c.Fn)
	if sum == nil {
		return
	}
	for _, e := range sum.Releases {
		if ref, ok := f.mapEffect(e, c.Args, c.Bindings); ok {
			f.release(ref, e.Mode, s)
		}
	}
}

// deferred records releases that a deferred call will make at exit.
func (f *flow) deferred(call *ssa.CallCommon, s *state) {
	if op, ref, ok := f.lockOp(call); (op == Lock || op == RLock) && ok && ref.Key != "" {
		s.mark(&s.relocks, ref.Key)
		return
	}
	if op, ref, ok := f.lockOp(call); op == Unlock || op == RUnlock {
		if ok {
			s.mark(&s.deferred, ref.Key)
			// Deferring the release of the caller's lock, not held
			// here: an unlock helper (func (c *T) done() { defer
			// c.mu.Unlock(); ... }), unless this function locks it.
			if _, held := s.held[ref.Key]; !held && f.recording && ref.Path.Root.Kind.Outside() {
				f.deferredReleases[ref.Key] = effectOf(ref, op.mode(), "", nil)
			}
		}
		return
	}
	c, ok := f.whole(call)
	if !ok {
		return
	}
	if sum := f.lookup(c.Fn); sum != nil {
		for _, e := range sum.Releases {
			if ref, ok := f.mapEffect(e, c.Args, c.Bindings); ok {
				s.mark(&s.deferred, ref.Key)
			}
		}
	}
}

// mapEffect translates a callee's effect into the caller's terms.
func (f *flow) mapEffect(e Effect, args, bindings []ssa.Value) (Ref, bool) {
	site := access.Site{Args: args, Bindings: bindings}
	ref, ok := site.RebaseFact(f.fset, e.Path, e.Class, e.ClassName, access.PlaceOf)
	// The effect's class, even for a *sync.Mutex parameter, which has
	// none: the lock model orders only locks its callee names.
	ref.Class, ref.ClassName = e.Class, e.ClassName
	return ref, ok
}

// effectOf records an operation on ref, an instance the caller can name
// (the callers check ref.Path.Root.Kind.Outside()).
func effectOf(ref Ref, mode Mode, site string, via []string) Effect {
	path, _ := ref.Path.Fact()
	return Effect{Path: path, Class: ref.Class, ClassName: ref.ClassName, Mode: mode, Site: site, Via: via}
}

func (f *flow) site(pos token.Pos) string { return Site(f.fset, pos) }

// summarise derives the function's summary from the recorded events.
func (f *flow) summarise() *Summary {
	sum := &Summary{}
	classAt := map[string]int{}
	lockAt := map[string]int{} // index in sum.Locks
	var lockKeys []string
	classReleased, lockReleased := releasedSets{}, releasedSets{}
	for _, a := range f.result.Acquisitions {
		// A lock taken only where an if or a switch lets it (not just
		// a loop) is a may-acquire: callers nest it under their locks,
		// but as a weaker witness (a cycle of two such edges, often
		// error paths deep in callees, is not reported). A lock taken
		// in a loop body counts as taken. One entry per class, a
		// must-acquire if any. The
		// caller's lock taken back on some paths is not one: the caller
		// held it when it called.
		if a.Order && a.Ref.Class != "" && (a.Must || !a.Reacquire) && !f.unpublished(a.Ref, a.Instr) {
			may := a.May || (!a.Must && guardedAt(a.Instr))
			acq := Acquire{Class: a.Ref.Class, ClassName: a.Ref.ClassName, Mode: a.Mode, Site: a.Site, Via: a.Via, Cond: a.Cond, May: may}
			classReleased.add(a.Ref.Class, a.Released)
			if i, ok := classAt[a.Ref.Class]; !ok {
				classAt[a.Ref.Class] = len(sum.Acquires)
				sum.Acquires = append(sum.Acquires, acq)
			} else if sum.Acquires[i].May && !acq.May {
				sum.Acquires[i] = acq
			}
		}
		if a.Ref.Key != "" && a.Ref.Path.Root.Kind.Outside() && !a.Reacquire {
			lockReleased.add(a.Ref.Key, a.Released)
		}
		if a.Ref.Key != "" && a.Ref.Path.Root.Kind.Outside() && !a.Reacquire {
			may := a.May || (!a.Must && guardedAt(a.Instr))
			if i, ok := lockAt[a.Ref.Key]; ok {
				sum.Locks[i].May = sum.Locks[i].May && may
				continue
			}
			lockAt[a.Ref.Key] = len(sum.Locks)
			e := effectOf(a.Ref, a.Mode, a.Site, a.Via)
			e.Cond, e.May = a.Cond, may
			sum.Locks = append(sum.Locks, e)
			lockKeys = append(lockKeys, a.Ref.Key)
		}
	}
	for i := range sum.Acquires {
		sum.Acquires[i].Released = classReleased[sum.Acquires[i].Class]
	}
	for i, key := range lockKeys {
		sum.Locks[i].Released = lockReleased[key]
	}
	sum.Holds = f.heldAtEveryReturn()
	for _, key := range slices.Sorted(maps.Keys(f.releases)) {
		// A function that lets go of its caller's lock and takes it
		// back before returning leaves the caller holding it.
		if !f.releasedAtSomeReturn(key) {
			continue
		}
		sum.Releases = append(sum.Releases, f.releases[key])
	}
	for _, key := range slices.Sorted(maps.Keys(f.deferredReleases)) {
		_, released := f.releases[key]
		_, locked := lockAt[key]
		if released || locked || f.locks(key) {
			continue
		}
		sum.Releases = append(sum.Releases, f.deferredReleases[key])
	}
	sum.Acquires = boundAcquires(sum.Acquires)
	sum.Callbacks = f.summariseCallbacks()
	sort.Slice(sum.Acquires, func(i, j int) bool { return sum.Acquires[i].Class < sum.Acquires[j].Class })
	return sum
}

// locks reports whether the function acquires the instance key itself.
func (f *flow) locks(key string) bool {
	for _, a := range f.result.Acquisitions {
		if a.Ref.Key == key {
			return true
		}
	}
	return false
}

// heldAtEveryReturn returns the caller-visible locks held, and not
// released by a deferred call, at every return: a lock helper's locks.
func (f *flow) heldAtEveryReturn() []Effect {
	if len(f.result.Returns) == 0 {
		return nil
	}
	count := map[string]int{}
	first := map[string]Held{}
	for _, r := range f.result.Returns {
		for _, h := range r.Held {
			// The caller's own lock, lent out and taken back, is not one
			// this function leaves held: for the caller nothing changed.
			if h.Deferred || !h.Ref.Path.Root.Kind.Outside() || h.Callers {
				continue
			}
			count[h.Ref.Key]++
			if _, ok := first[h.Ref.Key]; !ok {
				first[h.Ref.Key] = h
			}
		}
	}
	var out []Effect
	for _, key := range slices.Sorted(maps.Keys(first)) {
		if count[key] == len(f.result.Returns) {
			h := first[key]
			out = append(out, effectOf(h.Ref, h.Mode, f.site(h.Pos), h.Via))
		}
	}
	return out
}

// guard returns the bool parameter that decides whether block b runs:
// b lies on one branch of an if on that parameter (or its negation). In
// a closure, the bool may be a captured variable (see condVar).
func (f *flow) guard(b *ssa.BasicBlock) Cond {
	for d := b.Idom(); d != nil; d = d.Idom() {
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		v, negated := iff.Cond, false
		if not, ok := v.(*ssa.UnOp); ok && not.Op == token.NOT {
			v, negated = not.X, true
		}
		c, ok := f.condVar(v)
		if !ok {
			continue
		}
		switch {
		case d.Succs[0].Dominates(b) && d.Succs[0] != d.Succs[1]:
			c.Value = !negated
			return c
		case d.Succs[1].Dominates(b):
			c.Value = negated
			return c
		}
	}
	return Cond{}
}

// condVar names the variable an if tests, when a caller can settle it:
// one of the function's parameters, or, in a closure, a captured
// variable loaded from its cell (`if needLock { mu.Lock() }` in a
// closure of a function with the parameter needLock). Whether the
// captured variable is a parameter that nothing writes again is decided
// where the closure is called (mapCond).
func (f *flow) condVar(v ssa.Value) (Cond, bool) {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if fv, ok := load.X.(*ssa.FreeVar); ok {
			if i := slices.Index(f.fn.FreeVars, fv); i >= 0 {
				return Cond{Free: i + 1}, true
			}
		}
		return Cond{}, false
	}
	p, ok := v.(*ssa.Parameter)
	if !ok {
		return Cond{}, false
	}
	if i := slices.Index(f.fn.Params, p); i >= 0 {
		return Cond{Param: i + 1}, true
	}
	return Cond{}, false
}

// mapCond decides a callee's conditional effect at a call site: a
// constant argument settles it (ok is false when the effect does not
// happen); a parameter of ours passed through makes it conditional on
// that parameter; anything else makes it unconditional. An effect with
// no condition of its own takes the call site's guard. A closure's
// effect conditional on a captured variable is conditional on our
// parameter when the variable is that parameter for life (see
// access.ParamCell), or on our own captured variable when we pass ours
// on; on any other variable, it may happen.
func (f *flow) mapCond(c Cond, args, bindings []ssa.Value, instr ssa.Instruction) (Cond, bool) {
	if c.Free != 0 {
		if c.Free-1 >= len(bindings) {
			return f.guard(instr.Block()), true
		}
		switch b := bindings[c.Free-1].(type) {
		case *ssa.FreeVar:
			if i := slices.Index(f.fn.FreeVars, b); i >= 0 {
				return Cond{Free: i + 1, Value: c.Value}, true
			}
		case *ssa.Alloc:
			if p := access.ParamCell(b); p != nil {
				if i := slices.Index(f.fn.Params, p); i >= 0 {
					return Cond{Param: i + 1, Value: c.Value}, true
				}
			}
		}
		return f.guard(instr.Block()), true
	}
	if c.Param == 0 {
		return f.guard(instr.Block()), true
	}
	if c.Param-1 >= len(args) {
		return Cond{}, true
	}
	switch arg := args[c.Param-1].(type) {
	case *ssa.Const:
		if arg.Value == nil || arg.Value.Kind() != constant.Bool {
			return Cond{}, true
		}
		if constant.BoolVal(arg.Value) != c.Value {
			return Cond{}, false
		}
		return f.guard(instr.Block()), true
	case *ssa.Parameter:
		if i := slices.Index(f.fn.Params, arg); i >= 0 {
			return Cond{Param: i + 1, Value: c.Value}, true
		}
	}
	return f.guard(instr.Block()), true
}

// mustBlocks returns the blocks that dominate every block ending in a
// return: the ones every normal path through fn passes.
func mustBlocks(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	rets := ssautil.Returns(fn) // the recover block aside: only a panic reaches it
	must := map[*ssa.BasicBlock]bool{}
	if len(rets) == 0 || len(rets)*len(fn.Blocks) > 1_000_000 {
		return must
	}
	for _, b := range fn.Blocks {
		if ssautil.DominatesAll(b, rets) {
			must[b] = true
		}
	}
	return must
}

// releasedAtSomeReturn reports whether some return leaves the caller's
// lock key released.
func (f *flow) releasedAtSomeReturn(key string) bool {
	if len(f.result.Returns) == 0 {
		return true
	}
	for _, r := range f.result.Returns {
		if r.Released[key] || deferredAt(r, key) {
			return true
		}
	}
	return false
}

// deferredAt reports whether the function holds key at return r under
// a deferred release: the caller's lock, let go of and taken back under
// `defer mu.Unlock()`, is released at exit all the same (pebble's
// tryGrantLockedAndUnlock: defer Unlock; Unlock; work; Lock).
func deferredAt(r Return, key string) bool {
	for _, h := range r.Held {
		if h.Ref.Key == key && h.Deferred {
			return true
		}
	}
	return false
}
