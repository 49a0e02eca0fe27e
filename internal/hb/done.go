package hb

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Undone is a body that can return without the Done its spawner counted
// on: the spawner adds to Group just before the spawn, the body calls
// Done on it itself, and yet Return is reachable from the body's entry
// without a Done.
type Undone struct {
	Group  ssa.Value // the group, in the spawner's terms (the Add's receiver)
	Return *ssa.Return
}

// MissedDone reports, for a body s starts, a return its body reaches
// without calling Done on a WaitGroup the spawner counted it in (an Add
// before the spawn, as Joined counts it) and on which the body calls
// Done itself elsewhere: a Wait on the group then never returns.
//
// Silent where the body may hand the Done over: a deferred Done (or a
// deferred closure calling it), a call that passes the group or the
// value holding it to code that may call Done (a function of the
// package that does, within a few calls, or one whose body cannot be
// seen), a closure capturing it, the group stored or sent. Paths that
// end in a panic, os.Exit, log.Fatal or runtime.Goexit do not return.
// A Done in a loop (one per item) is left alone: a path around the loop
// that skips it may be a path with no items.
func (x *Index) MissedDone(s spawn.Spawn) (Undone, bool) {
	body := s.Body()
	if body == nil || len(body.Blocks) == 0 {
		return Undone{}, false
	}
	for _, g := range x.countedIn(s) {
		if ret, ok := x.missedDone(s, body, g); ok {
			return Undone{Group: g, Return: ret}, true
		}
	}
	return Undone{}, false
}

func (x *Index) missedDone(s spawn.Spawn, body *ssa.Function, g ssa.Value) (*ssa.Return, bool) {
	group, ok := Storage(x.fset, g)
	if !ok {
		return nil, false
	}
	holders := map[string]bool{}
	for _, p := range group.Path.Prefixes() {
		holders[p.Key()] = true
	}
	names := func(v ssa.Value, only string) bool {
		key, ok := outerKey(x.fset, s, v)
		if !ok {
			if r, ok2 := access.RefOf(x.fset, v); ok2 {
				key, ok = Outer(x.fset, s, r)
			}
		}
		return ok && (key == only || only == "" && holders[key])
	}
	done, found := map[ssa.Instruction]bool{}, false
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := spawn.DoneOf(instr); ok && names(d, group.Key) {
				if _, deferred := instr.(*ssa.Defer); !deferred && InLoop(b) {
					return nil, false
				}
				done[instr], found = true, true
			}
		}
	}
	if !found {
		return nil, false // the body does not call Done: someone else does
	}
	h := handover{names: func(v ssa.Value) bool { return names(v, "") }, seen: map[*ssa.Function]bool{}}
	stops := func(instr ssa.Instruction) bool {
		return done[instr] || ssautil.NeverReturns(instr) || h.hands(instr)
	}
	// The group the spawner added to is not nil in the body: the path
	// around if wg != nil { defer wg.Done() } is never taken. Nor is the
	// end of a range over a Ticker's C: nothing closes it.
	isGroup := func(v ssa.Value) bool { return names(v, group.Key) }
	return firstReturn(body, stops, func(b *ssa.BasicBlock) *ssa.BasicBlock {
		if succ, ok := ssautil.NilSucc(b, isGroup); ok {
			return succ
		}
		succ, _ := ssautil.ClosedSucc(b)
		return succ
	})
}

// firstReturn returns a return reachable from fn's entry by a path on
// which no instruction stops and no block goes to the successor never
// names (nil for none).
func firstReturn(fn *ssa.Function, stops func(ssa.Instruction) bool, never func(*ssa.BasicBlock) *ssa.BasicBlock) (*ssa.Return, bool) {
	seen := map[*ssa.BasicBlock]bool{fn.Blocks[0]: true}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		stopped := false
		for _, instr := range b.Instrs {
			if stops(instr) {
				stopped = true
				break
			}
		}
		if stopped {
			continue
		}
		if ret, ok := ssautil.ReturnOf(b); ok && b != fn.Recover {
			return ret, true
		}
		skip := never(b)
		for _, succ := range b.Succs {
			if succ != skip && !seen[succ] {
				seen[succ] = true
				work = append(work, succ)
			}
		}
	}
	return nil, false
}

// handover recognises the instructions of a body that may pass the
// duty to call Done to other code.
type handover struct {
	names func(ssa.Value) bool // the group or a value holding it
	seen  map[*ssa.Function]bool
}

const maxDoneDepth = 3

func (h handover) hands(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case ssa.CallInstruction:
		common := instr.Common()
		passes := false
		for _, a := range common.Args {
			passes = passes || h.names(a)
		}
		if common.IsInvoke() {
			return passes || h.names(common.Value)
		}
		if mc, ok := common.Value.(*ssa.MakeClosure); ok {
			for _, b := range mc.Bindings {
				passes = passes || h.names(b)
			}
		}
		if !passes {
			return false
		}
		callee := spawn.FuncOf(common.Value)
		if callee == nil {
			return true // a dynamic call
		}
		return len(callee.Blocks) == 0 || h.mayDone(callee, maxDoneDepth)
	case *ssa.MakeClosure:
		for _, b := range instr.Bindings {
			if h.names(b) {
				fn := spawn.FuncOf(instr)
				return fn == nil || h.mayDone(fn, maxDoneDepth)
			}
		}
	case *ssa.Store:
		return h.names(instr.Val)
	case *ssa.Send:
		return h.names(instr.X)
	case *ssa.MakeInterface:
		return h.names(instr.X)
	}
	return false
}

// mayDone reports whether fn may call Done on some group: itself, in a
// function it calls (within depth calls), or where it cannot be seen.
func (h handover) mayDone(fn *ssa.Function, depth int) bool {
	if h.seen[fn] {
		return false // on the current path: what it does is counted there
	}
	if depth == 0 {
		return true
	}
	h.seen[fn] = true
	defer delete(h.seen, fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := spawn.DoneOf(instr); ok {
				return true
			}
			var callee *ssa.Function
			switch instr := instr.(type) {
			case ssa.CallInstruction:
				if instr.Common().IsInvoke() {
					return true
				}
				if _, ok := instr.Common().Value.(*ssa.Builtin); ok {
					continue
				}
				if callee = spawn.FuncOf(instr.Common().Value); callee == nil {
					return true
				}
				if len(callee.Blocks) == 0 && passesGroup(instr.Common()) {
					return true
				}
			case *ssa.MakeClosure:
				callee = spawn.FuncOf(instr)
			}
			if callee != nil && len(callee.Blocks) > 0 && h.mayDone(callee, depth-1) {
				return true
			}
		}
	}
	return false
}

// passesGroup reports whether a call passes a WaitGroup (or a value
// holding one) to code out of sight.
func passesGroup(common *ssa.CallCommon) bool {
	for _, a := range common.Args {
		if holdsGroup(a.Type(), 3) {
			return true
		}
	}
	return false
}

func holdsGroup(t types.Type, depth int) bool {
	if depth == 0 {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup" {
		return true
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if holdsGroup(st.Field(i).Type(), depth-1) {
			return true
		}
	}
	return false
}
