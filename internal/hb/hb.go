// Package hb is concurlint's goroutine model on SSA, the one answer
// every analyzer asks to "has this goroutine finished here?" (Joined)
// and "may these two operations run at the same time?"
// (MayRunTogether). Its unit tests (hb_test.go) hold one small program
// per rule below, with the expected answers.
//
// What starts a body that runs beside its spawner is internal/spawn's
// table (spawn.OfInstr): go statements, errgroup Go and TryGo,
// WaitGroup.Go, parallel subtests, time.AfterFunc callbacks and the
// user's spawners; with SpawnsBy((*spawn.Table).OfInstr), also the
// spawners inferred from their bodies (a method spawner's receiver is
// then the group its Wait() joins). A deferred
// call is not a spawn (it runs on the same goroutine), and neither is a
// t.Run whose body does not call t.Parallel: that is a call, its body
// has finished when Run returns.
//
// A body is joined at a point of its spawner when every path from the
// spawn to that point passes one of these joins:
//
//   - a Wait on a group that counts the body: the errgroup or
//     WaitGroup whose Go started it; a WaitGroup the spawner adds to
//     just before the spawn (in the spawn's block or one dominating
//     it), unless the body calls Done on it itself; a WaitGroup the
//     body calls Done on. A Wait on any other group joins nothing, even
//     when nothing else names the body's group;
//   - a Wait, at every step of a loop over a constant count, on the
//     step's element of a collection of WaitGroups the body calls Done
//     on step by step in a loop of its own (a barrier per step: see
//     steps.go);
//   - a receive from a channel the body sends on or closes: as a
//     statement, in an assignment or an if's init, in a range over the
//     channel, or as the case of a select that runs (the select joins
//     only on that case's branch). One receive takes one instance's
//     signal, so a receive that runs once (in no loop) does not join a
//     body started in a loop; one in that loop, or in a loop of its own
//     (a fan-in loop), does;
//   - a receive from a channel a helper goroutine closes or sends on
//     after it waited (by these rules) for the body:
//     go func() { wg.Wait(); close(done) }(); <-done. When workers send
//     values on that channel too (fan-in), a value received is one
//     worker's: a receive that tells whether the channel was closed (a
//     range over it, v, ok := <-ch, a select case's ok) waits only when
//     it sees the close; a plain receive counts as any receive;
//   - the end of a counted receive loop: bodies started once per
//     iteration of a loop counted up to n, each sending once on a
//     channel nobody else sends on, are all joined when a later loop
//     over the same n that receives once per iteration ends.
//
// A path that calls a function that never returns (t.Fatal, FailNow,
// runtime.Goexit, os.Exit, log.Fatal: ssautil.NeverReturns) ends there:
// select { case <-done: case <-timeout: t.Fatal() } joins the body on
// every path that goes on. The spawner's deferred calls still run at
// such a call (all but os.Exit's unwind), so they may run beside the
// body. A question about how the spawner leaves (LeavingAfter) follows
// those paths on to the returns instead: the goroutine has left.
//
// A signal of the body (Done, a send, a close) counts only when it
// follows every operation of the body the caller cares about (its
// uses): it is deferred, or each use precedes it on every path, or no
// use can run after it. A goroutine that signals and then goes on
// reading is still running.
//
// Two operations may run at the same time when one is in a body and the
// other in its spawner, reached from the spawn before the body is
// joined; or both are in bodies of one spawner, one started before the
// other is joined (a spawn repeated in a loop runs beside its own other
// instances). Code the model does not relate by a spawn is not known to
// run together.
//
// The package also names a body's values in its spawner's terms
// (Storage, Outer), so both sides can be compared, and gives the
// analyzers one type for the bodies a function spawns (Task).
package hb

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Storage names where a value lives: the variable or field it was
// loaded from, or the value itself (a parameter, a fresh value).
func Storage(fset *token.FileSet, v ssa.Value) (access.Ref, bool) {
	return access.Storage(fset, v)
}

// Outer names a body's storage in the spawner's terms: a captured
// variable is the spawner's variable it binds, a parameter the argument
// the go statement passes, a package variable itself. The body's own
// values have no name outside it (ok is false). The result is a map
// key only.
func Outer(fset *token.FileSet, s spawn.Spawn, ref access.Ref) (string, bool) {
	r, ok := s.Site().Rebase(fset, ref, argStorage)
	return r.Key, ok
}

// argStorage names an argument a spawn passes as Storage does, seeing
// through the conversion of a channel to one direction (go
// read(msgs, errs) with errs a chan<- error parameter): the body's
// errs is the spawner's.
func argStorage(fset *token.FileSet, v ssa.Value) (access.Ref, bool) {
	if ct, ok := v.(*ssa.ChangeType); ok {
		if _, isChan := ct.X.Type().Underlying().(*types.Chan); isChan {
			v = ct.X
		}
	}
	return access.StoragePlace(fset, v)
}

// OuterLock names a mutex a body holds (by its address) in the
// spawner's terms, as the lock model names the spawner's own: a
// captured mutex by the spawner's variable, a *sync.Mutex parameter by
// the argument the spawn passes (go fill(m, &mu)). With s nil the lock
// is held in the spawner's own code and keeps its own name.
func OuterLock(fset *token.FileSet, s *spawn.Spawn, ref access.Ref) (string, bool) {
	if s == nil {
		return ref.Key, ref.Key != ""
	}
	r, ok := s.Site().Rebase(fset, ref, access.PlaceOf)
	return r.Key, ok
}

// Index memoises, for one pass, what the happens-before searches ask of
// an instruction again and again: its place in its block, whether it
// waits (JoinKey), whether it adds to a WaitGroup. Without it each
// spawn's search rescans the spawner instruction by instruction, which
// costs spawns × instructions on a long function.
type Index struct {
	fset   *token.FileSet
	spawns func(ssa.Instruction) (spawn.Spawn, bool)
	pos    map[ssa.Instruction]int
	blocks map[*ssa.BasicBlock]*blockIndex
	relays map[*ssa.Function][]relay
	// carries records, per spawner and channel, whether anything but a
	// relay's signal sends on the channel.
	carries map[*ssa.Function]map[string]bool
}

// blockIndex lists a block's waits and WaitGroup adds.
type blockIndex struct {
	joins []joinAt
	adds  []addAt
}

type joinAt struct {
	at    int
	key   string
	group bool
	// steps is set for a Wait on an element of a collection of groups
	// picked by a computed index (end[i].Wait()): stepsKey of it.
	steps string
}

type addAt struct {
	at    int
	group ssa.Value
}

// NewIndex returns an empty index for a pass's functions.
func NewIndex(fset *token.FileSet) *Index {
	return &Index{fset: fset, spawns: spawn.OfInstr, pos: map[ssa.Instruction]int{}, blocks: map[*ssa.BasicBlock]*blockIndex{}, relays: map[*ssa.Function][]relay{}, carries: map[*ssa.Function]map[string]bool{}}
}

// SpawnsBy makes the index recognise spawns with of (a package's spawn
// table, with the spawners it infers) instead of spawn.OfInstr.
func (x *Index) SpawnsBy(of func(ssa.Instruction) (spawn.Spawn, bool)) *Index {
	x.spawns = of
	return x
}

// Spawn recognises instr as a spawn, as the index does.
func (x *Index) Spawn(instr ssa.Instruction) (spawn.Spawn, bool) { return x.spawns(instr) }

// block indexes b on first use.
func (x *Index) block(b *ssa.BasicBlock) *blockIndex {
	if bi, ok := x.blocks[b]; ok {
		return bi
	}
	bi := new(blockIndex)
	for i, instr := range b.Instrs {
		x.pos[instr] = i
		if key, group, ok := JoinKey(x.fset, instr); ok {
			j := joinAt{at: i, key: key, group: group}
			if g, ok := spawn.JoinOf(instr); ok {
				if r, ok := Storage(x.fset, g); ok {
					j.steps, _ = stepsKey(r)
				}
			}
			bi.joins = append(bi.joins, j)
		}
		if g, ok := spawn.AddOf(instr); ok {
			bi.adds = append(bi.adds, addAt{i, g})
		}
	}
	x.blocks[b] = bi
	return bi
}

// indexOf is instr's position in its block.
func (x *Index) indexOf(instr ssa.Instruction) int {
	x.block(instr.Block())
	return x.pos[instr]
}

// Region is the part of a function that may run while a spawned body
// runs: in each block it reaches, the instructions in some index spans.
// The zero Region is empty.
type Region struct {
	index *Index
	fn    *ssa.Function
	spans [][]span // by block index
	// ends are the calls that never return (t.Fatal, runtime.Goexit,
	// os.Exit) where a path of the region stops: the function's
	// deferred calls may still run there (all but os.Exit's unwind).
	ends []ssa.Instruction
}

// span is the instructions [from, to) of a block.
type span struct{ from, to int }

// Contains reports whether instr may run while the body runs. A
// deferred call runs when its function returns, not where the defer
// statement stands: it may run while the body runs when one of the
// returns after the defer statement (their RunDefers) may. A
// coordinator that defers close(out), starts the senders and returns
// without waiting for them closes out while they run.
func (r Region) Contains(instr ssa.Instruction) bool {
	if d, ok := instr.(*ssa.Defer); ok {
		return r.runsDefers(d)
	}
	return r.contains(instr)
}

// runsDefers reports whether the region holds a RunDefers that runs
// the deferred call d.
func (r Region) runsDefers(d *ssa.Defer) bool {
	if d.Parent() != r.fn {
		return false
	}
	if slices.ContainsFunc(DeferRuns(d), r.contains) {
		return true
	}
	return slices.ContainsFunc(r.ends, func(end ssa.Instruction) bool { return Reaches(d, end) })
}

// Enters reports whether the region holds the start of block b: a
// path from the spawn reaches b before the body is joined. (Contains
// of b's first instruction asks when that instruction takes effect,
// which for a defer statement is at the return.)
func (r Region) Enters(b *ssa.BasicBlock) bool {
	return len(b.Instrs) > 0 && r.contains(b.Instrs[0])
}

func (r Region) contains(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil || b.Parent() != r.fn || b.Index >= len(r.spans) {
		return false
	}
	i := r.index.indexOf(instr)
	for _, sp := range r.spans[b.Index] {
		if sp.from <= i && i < sp.to {
			return true
		}
	}
	return false
}

// ConcurrentAfter returns the spawner's instructions that may run while
// the body of s runs: those reachable from the spawn without passing an
// instruction that waits for the body. Signals the body gives (Done, a
// send, a close) count only when they come after every instruction in
// after, the body's accesses the caller cares about. It visits each
// reachable block once and looks only at the block's waits.
//
// Nothing after a call that never returns (t.Fatal, runtime.Goexit,
// os.Exit) runs: the region stops there, and the function's deferred
// calls count as run at that call.
func (x *Index) ConcurrentAfter(s spawn.Spawn, after []ssa.Instruction) Region {
	return x.concurrentAfter(s, after, true)
}

// LeavingAfter is ConcurrentAfter for a question about how the spawner
// leaves: its paths go on through calls that never return to the
// returns after them, since a goroutine ended by t.Fatal or
// runtime.Goexit has left as surely as one that returned (chanleak's
// receiver that leaves its senders blocked).
func (x *Index) LeavingAfter(s spawn.Spawn, after []ssa.Instruction) Region {
	return x.concurrentAfter(s, after, false)
}

func (x *Index) concurrentAfter(s spawn.Spawn, after []ssa.Instruction, stopAtEnds bool) Region {
	groups, channels, relayed := x.signals(s, after)
	start := s.Instr.Block()
	fn := start.Parent()
	repeated := InLoop(start)
	// waits reports whether a join in block b waits for the body;
	// tellsClosed is set for a receive whose ok result says whether
	// the channel was closed.
	waits := func(b *ssa.BasicBlock, j joinAt, tellsClosed bool) bool {
		if j.group {
			// A Wait in a loop on the element of a collection of
			// groups the body calls Done on element by element in a
			// loop of its own (a barrier per step) waits for the body
			// to reach that step: see stepsKey.
			return groups[j.key] || (j.steps != "" && InLoop(b) && groups[j.steps])
		}
		if relayed[j.key] {
			// Signalled once every instance is done. A receive that
			// may take a worker's value instead waits when it sees the
			// close (closedBranch), if it can tell; else it counts as
			// any receive.
			if !x.carriesValues(fn, j.key) {
				return true
			}
			if tellsClosed {
				return false
			}
		}
		// One receive takes one instance's signal: a receive that runs
		// once does not wait for a body started in a loop. One in that
		// loop runs once per instance; one in a loop of its own may
		// take every instance's (fan-in loops are not all counted ones).
		return channels[j.key] && (!repeated || sameLoop(b, start) || InLoop(b))
	}
	r := Region{index: x, fn: fn, spans: make([][]span, len(fn.Blocks))}
	type item struct {
		b    *ssa.BasicBlock
		from int
	}
	seen := make([]bool, len(fn.Blocks))
	work := []item{{start, x.indexOf(s.Instr) + 1}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		to, joined := len(it.b.Instrs), false
		for _, j := range x.block(it.b).joins {
			if j.at >= it.from && waits(it.b, j, commaOk(it.b.Instrs[j.at])) {
				to, joined = j.at, true
				break
			}
		}
		// Nothing after a call that never returns runs: a select
		// whose other case is t.Fatal still joins the body.
		if stopAtEnds {
			if k := neverReturnsIn(it.b, it.from, to); k >= 0 {
				to, joined = k+1, true
				r.ends = append(r.ends, it.b.Instrs[k])
			}
		}
		if to > it.from {
			r.spans[it.b.Index] = append(r.spans[it.b.Index], span{it.from, to})
		}
		if joined {
			continue
		}
		for i, succ := range it.b.Succs {
			if i == 0 && selectJoin(x.fset, it.b, func(key string, tellsClosed bool) bool { return waits(it.b, joinAt{key: key}, tellsClosed) }) {
				continue // the case that received the body's signal
			}
			if key, closed, ok := closedBranch(x.fset, it.b); ok && i == closed && relayed[key] {
				continue // the relay closed the channel: it waited for the body
			}
			if i == 1 && x.countedExit(s, it.b, channels, after) {
				continue // the end of a loop that received every signal
			}
			if i == 1 && x.barrierExit(it.b, groups) {
				continue // the end of a loop that waited at every step
			}
			if !seen[succ.Index] {
				seen[succ.Index] = true
				work = append(work, item{succ, 0})
			}
		}
	}
	return r
}

// neverReturnsIn returns the index of the first call in b.Instrs[from:to]
// after which the goroutine never returns normally, or -1.
func neverReturnsIn(b *ssa.BasicBlock, from, to int) int {
	for i := from; i < to; i++ {
		if ssautil.NeverReturns(b.Instrs[i]) {
			return i
		}
	}
	return -1
}

// selectJoin reports whether block b ends by branching into a select
// case that receives from one of channels: go/ssa lowers the case test
// to "if extract(select, 0) == i", and its true branch runs after the
// receive.
func selectJoin(fset *token.FileSet, b *ssa.BasicBlock, waits func(key string, tellsClosed bool) bool) bool {
	sel, i, ok := SelectCase(b)
	if !ok || sel.States[i].Dir != types.RecvOnly {
		return false
	}
	r, ok := Storage(fset, sel.States[i].Chan)
	return ok && waits(r.Key, selectsOk(sel))
}

// sameLoop reports whether blocks a and b run in one loop: each can
// run after the other.
func sameLoop(a, b *ssa.BasicBlock) bool {
	return reaches(a, b) && reaches(b, a)
}

// Signals returns the groups and channels (in the spawner's terms) by
// which the body of s tells that it is done: the group that started it
// or that the spawner counted it in (wg.Add before the go statement),
// the WaitGroups it calls Done on and the channels it sends on or
// closes, each after every instruction of after, or deferred (deferred
// closures included).
func (x *Index) Signals(s spawn.Spawn, after []ssa.Instruction) (groups, channels map[string]bool) {
	groups, channels, relayed := x.signals(s, after)
	for key := range relayed {
		channels[key] = true
	}
	return groups, channels
}

// signals is Signals with the channels a relay signals on apart: those
// are signalled once every instance is done.
func (x *Index) signals(s spawn.Spawn, after []ssa.Instruction) (groups, channels, relayed map[string]bool) {
	fset := x.fset
	relayed = map[string]bool{}
	groups, channels = map[string]bool{}, map[string]bool{}
	if s.Group != nil {
		if r, ok := Storage(fset, s.Group); ok {
			groups[r.Key] = true
		}
	}
	body := s.Body()
	if body == nil {
		return groups, channels, relayed
	}
	// A group the body calls Done on itself joins only after the Done
	// that follows its work; one it never calls Done on joins when the
	// spawner counted the body in it.
	ownDone := map[string]bool{}
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			if g, ok := spawn.DoneOf(instr); ok {
				if key, ok := outerKey(fset, s, g); ok {
					ownDone[key] = true
				}
			}
		}
	}
	for _, g := range x.countedIn(s) {
		if r, ok := Storage(fset, g); ok && !ownDone[r.Key] {
			groups[r.Key] = true
		}
	}
	// record names a body value in the spawner's terms.
	record := func(set map[string]bool, v ssa.Value, inner *ssa.MakeClosure) {
		r, ok := Storage(fset, v)
		if !ok {
			return
		}
		if inner != nil { // a deferred closure's captured variable
			if r.Path.Root.Kind != access.Free {
				return
			}
			if r, ok = (access.Site{Bindings: inner.Bindings}).Rebase(fset, r, access.StoragePlace); !ok {
				return
			}
		}
		if key, ok := Outer(fset, s, r); ok {
			set[key] = true
		}
	}
	scan := func(fn *ssa.Function, inner *ssa.MakeClosure) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if inner == nil && !follows(instr, after) {
					continue
				}
				if g, ok := spawn.DoneOf(instr); ok {
					record(groups, g, inner)
					if inner == nil && InLoop(b) {
						x.recordSteps(groups, s, g)
					}
				}
				if ch, ok := signalChannel(instr); ok {
					record(channels, ch, inner)
				}
				if call, ok := instr.(ssa.CallInstruction); ok {
					for _, ch := range calledSignals(call) {
						record(channels, ch, inner)
					}
				}
			}
		}
	}
	scan(body, nil)
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok {
				if mc, ok := d.Call.Value.(*ssa.MakeClosure); ok {
					if fn := spawn.FuncOf(mc); fn != nil {
						scan(fn, mc)
					}
				}
			}
		}
	}
	for _, r := range x.relaysOf(s.Instr.Parent()) {
		if r.spawn != s.Instr && !Reaches(r.spawn, s.Instr) && r.relays(groups, channels) {
			relayed[r.signal] = true
		}
	}
	return groups, channels, relayed
}

// relay is a body that signals on a channel once it has waited on a
// group or channel (go func() { wg.Wait(); close(done) }()): receiving
// from that channel also waits for whatever the wait waited for.
type relay struct {
	spawn  ssa.Instruction
	waits  []joinAt // key in the spawner's terms
	signal string   // the channel, in the spawner's terms
	at     ssa.Instruction
}

func (r relay) relays(groups, channels map[string]bool) bool {
	for _, w := range r.waits {
		if (w.group && groups[w.key]) || (!w.group && channels[w.key]) {
			return true
		}
	}
	return false
}

// relaysOf lists, once per function, the relays among the bodies it
// spawns: each signal with the waits that precede it on every path.
func (x *Index) relaysOf(fn *ssa.Function) []relay {
	if list, ok := x.relays[fn]; ok {
		return list
	}
	var list []relay
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if s, ok := x.spawns(instr); ok && s.Body() != nil {
				list = append(list, x.bodyRelays(s)...)
			}
		}
	}
	x.relays[fn] = list
	return list
}

func (x *Index) bodyRelays(s spawn.Spawn) []relay {
	type wait struct {
		joinAt
		instr ssa.Instruction
	}
	var waits []wait
	var signals []ssa.Instruction
	for _, b := range s.Body().Blocks {
		for _, instr := range b.Instrs {
			if _, group, ok := JoinKey(x.fset, instr); ok {
				if key, ok := outerKey(x.fset, s, JoinValue(instr)); ok {
					waits = append(waits, wait{joinAt{key: key, group: group}, instr})
				}
			}
			if _, ok := instr.(*ssa.Defer); !ok {
				if _, ok := signalChannel(instr); ok {
					signals = append(signals, instr)
				}
			}
		}
	}
	var out []relay
	for _, sig := range signals {
		ch, _ := signalChannel(sig)
		key, ok := outerKey(x.fset, s, ch)
		if !ok {
			continue
		}
		r := relay{spawn: s.Instr, signal: key, at: sig}
		for _, w := range waits {
			if Before(w.instr, sig) {
				r.waits = append(r.waits, w.joinAt)
			}
		}
		if len(r.waits) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// JoinValue returns the group or channel a join waits on.
func JoinValue(instr ssa.Instruction) ssa.Value {
	if g, ok := spawn.JoinOf(instr); ok {
		return g
	}
	if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW {
		return recv.X
	}
	return nil
}

// countedIn returns the WaitGroups the spawner adds to just before the
// spawn (in the spawn's block or one dominating it): by the WaitGroup
// protocol, the goroutine is counted there and Wait waits for it, even
// when another party calls Done for it.
func (x *Index) countedIn(s spawn.Spawn) []ssa.Value {
	var out []ssa.Value
	at := x.indexOf(s.Instr)
	for b := s.Instr.Block(); b != nil; b = b.Idom() {
		for _, a := range x.block(b).adds {
			if b == s.Instr.Block() && a.at >= at {
				break
			}
			out = append(out, a.group)
		}
	}
	return out
}

// JoinKey recognises an instruction that waits: a Wait on a group, or a
// receive. It returns what it waits on, in its own function's terms,
// and whether it is a group (else a channel).
func JoinKey(fset *token.FileSet, instr ssa.Instruction) (key string, group, ok bool) {
	if g, ok := spawn.JoinOf(instr); ok {
		r, ok := Storage(fset, g)
		return r.Key, true, ok
	}
	if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW {
		r, ok := Storage(fset, recv.X)
		return r.Key, false, ok
	}
	return "", false, false
}

// PerInstance reports whether a body's storage ref is, for each run of
// the spawn, a different one: the spawner creates it inside the loop
// that repeats the spawn, or the body picks an element by a
// non-constant index (m.done[i] with i its own copy).
func PerInstance(fset *token.FileSet, s spawn.Spawn, ref access.Ref) bool {
	if computedIndex(ref.Path) || paramIndex(s, ref.Path) {
		return true
	}
	var outer ssa.Value
	switch root := ref.Path.Root; root.Kind {
	case access.Free:
		if mc, ok := s.Fn.(*ssa.MakeClosure); ok && root.Index >= 0 && root.Index < len(mc.Bindings) {
			outer = mc.Bindings[root.Index]
		}
	case access.Param:
		if root.Index >= 0 && root.Index < len(s.Args) {
			outer = s.Args[root.Index]
		}
	}
	if outer == nil {
		return false
	}
	r, ok := argStorage(fset, outer)
	if !ok || computedIndex(r.Path) {
		return ok
	}
	def, ok := r.Path.Value().(ssa.Instruction)
	if !ok || def.Block() == nil {
		return false
	}
	return reaches(s.Instr.Block(), def.Block()) && reaches(def.Block(), s.Instr.Block())
}

// paramIndex reports whether a body's storage path selects an element
// by one of the body's parameters (shards[i] in go func(i int) {...}(i))
// whose argument is the index of the loop that repeats the spawn: each
// instance then picks its own element. A value merely computed in the
// loop (hash(k) % n) may repeat.
func paramIndex(s spawn.Spawn, path access.Path) bool {
	body := s.Body()
	if body == nil {
		return false
	}
	for i, p := range body.Params {
		if i < len(s.Args) && indexedBy(path, p) && loopIndex(s.Args[i], s.Instr.Block()) {
			return true
		}
	}
	return false
}

// indexedBy reports whether path selects an element by the value v.
func indexedBy(path access.Path, v ssa.Value) bool {
	for i := range path.Steps {
		if path.IndexValue(i) == v {
			return true
		}
	}
	return false
}

// loopIndex reports whether v is the index of a loop around block b,
// one more on each iteration: i in "for i := 0; ...; i++" or
// "for i := range xs".
func loopIndex(v ssa.Value, b *ssa.BasicBlock) bool {
	phi, ok := v.(*ssa.Phi)
	next := ssa.Value(nil)
	if add, ok2 := v.(*ssa.BinOp); ok2 && add.Op == token.ADD && isInt(add.Y, 1) {
		phi, ok = add.X.(*ssa.Phi) // range: the index is phi+1
		next = add
	}
	if !ok || !reaches(b, phi.Block()) || !reaches(phi.Block(), b) {
		return false
	}
	for i, e := range phi.Edges {
		if !reaches(phi.Block(), phi.Block().Preds[i]) {
			continue // the value entering the loop
		}
		if e != next && !isIncrement(e, phi) {
			return false
		}
	}
	return true
}

// computedIndex reports whether a storage path selects an element by
// an index its function computes (s.done[t3], not s.done[0]). An index
// the function receives (a parameter, a captured variable) is
// non-constant too, but whether it differs between instances is the
// spawner's to say (paramIndex).
func computedIndex(path access.Path) bool {
	for i, st := range path.Steps {
		if !st.Dynamic {
			continue
		}
		switch path.IndexValue(i).(type) {
		case *ssa.Parameter, *ssa.FreeVar, *ssa.Const, nil:
		default:
			return true
		}
	}
	return false
}

// reaches reports whether block to is reachable from block from.
func reaches(from, to *ssa.BasicBlock) bool {
	return reachesAvoiding(from, to, nil)
}

// reachesAvoiding reports whether block to is reachable from block
// from by a path of at least one edge that enters no block of avoid
// (to aside).
func reachesAvoiding(from, to *ssa.BasicBlock, avoid map[*ssa.BasicBlock]bool) bool {
	return ssautil.Reaches(from, to, avoid)
}

// Reaches reports whether instruction b can run after instruction a in
// one call of their function.
func Reaches(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil {
		return false
	}
	if ab == bb {
		for _, instr := range ab.Instrs {
			if instr == a {
				return true
			}
			if instr == b {
				break
			}
		}
	}
	return reaches(ab, bb)
}

// signalChannel recognises a send on, or a close of, a channel.
func signalChannel(instr ssa.Instruction) (ssa.Value, bool) {
	switch instr := instr.(type) {
	case *ssa.Send:
		return instr.Chan, true
	case *ssa.Call:
		return ssautil.CloseArg(&instr.Call)
	case *ssa.Defer:
		return ssautil.CloseArg(&instr.Call)
	}
	return nil, false
}

// follows reports whether signal comes after every instruction of
// after: it is deferred, or each of them precedes it on every path, or
// none of them can run after it (wg.Done(); return in the exit case of
// a select loop). In the last case a path that skips the signal never
// releases the waiter, so what the waiter sees still ran first.
func follows(signal ssa.Instruction, after []ssa.Instruction) bool {
	if _, ok := signal.(*ssa.Defer); ok {
		return true
	}
	for _, x := range after {
		if x != signal && !Before(x, signal) && Reaches(signal, x) {
			return false
		}
	}
	return true
}

// Before reports whether a runs before b on every path to b: earlier in
// the same block, or in a block that dominates b's.
func Before(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil {
		return false
	}
	if ab == bb {
		return ssautil.Index(a) < ssautil.Index(b)
	}
	return ab.Dominates(bb)
}

// InLoop reports whether block b can run again after itself.
func InLoop(b *ssa.BasicBlock) bool { return ssautil.InLoop(b) }

// SelectCase recognises a block that ends by testing which case of a
// select ran (ssautil.SelectCase).
func SelectCase(b *ssa.BasicBlock) (*ssa.Select, int, bool) { return ssautil.SelectCase(b) }

// outerKey names a body value (a group or channel) in the spawner's
// terms.
func outerKey(fset *token.FileSet, s spawn.Spawn, v ssa.Value) (string, bool) {
	r, ok := Storage(fset, v)
	if !ok {
		return "", false
	}
	return Outer(fset, s, r)
}
