package chanleak

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Shape 5, a wait that cannot return, second form: wg.Wait() for a
// goroutine that blocks sending on an unbuffered channel its spawner
// made and receives from only after the Wait. The goroutine waits for
// the receiver, the receiver for the Wait, the Wait for the goroutine:
//
//	results := make(chan int)
//	for _, x := range xs {
//		wg.Add(1)
//		go func() { defer wg.Done(); results <- f(x) }()
//	}
//	wg.Wait() // never returns
//	close(results)
//	for r := range results { ... }
//
// A Wait inside the loop that adds and spawns is the same bug. The
// channel must be made here and only used here: a receive the spawner
// can reach before the Wait, another goroutine or closure that
// receives from it or hands it on, a call it is passed to before the
// Wait, or the channel stored, sent or returned, and we cannot tell:
// silent.
func (c *checker) checkWaitSends(funcs []*ssa.Function) {
	pass, x := c.pass, c.hb
	for _, fn := range funcs {
		var spawns []spawn.Spawn
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if s, ok := x.Spawn(instr); ok && s.Body() != nil {
					spawns = append(spawns, s)
				}
			}
		}
		if len(spawns) == 0 {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				key, group, ok := hb.JoinKey(pass.Fset, instr)
				if !ok || !group || c.reported[instr] {
					continue
				}
				for _, s := range spawns {
					if send, ch, ok := blockedSender(pass.Fset, x, s, instr, key); ok {
						c.reportWaitSend(instr, s, send, ch)
						break
					}
				}
			}
		}
	}
}

// blockedSender returns a send of the body of s, which wait waits for
// (its group key counts s), on a local unbuffered channel nothing
// receives from before wait.
func blockedSender(fset *token.FileSet, x *hb.Index, s spawn.Spawn, wait ssa.Instruction, key string) (*ssa.Send, *localChan, bool) {
	if !hb.Reaches(s.Instr, wait) {
		return nil, nil, false
	}
	for _, b := range s.Body().Blocks {
		for _, instr := range b.Instrs {
			send, ok := instr.(*ssa.Send)
			if !ok {
				continue
			}
			// The Wait waits for the send only when the Done follows it.
			if groups, _ := x.Signals(s, []ssa.Instruction{send}); !groups[key] {
				continue
			}
			ch, ok := spawnerChan(fset, s, send.Chan)
			if ok && ch.onlySentBefore(wait, x) {
				return send, ch, true
			}
		}
	}
	return nil, nil, false
}

// localChan is a channel made unbuffered in one function: the make, and
// the variable holding it when closures capture the variable.
type localChan struct {
	made *ssa.MakeChan
	cell *ssa.Alloc
}

// spawnerChan finds the spawner's channel a body's value v is: bound
// to a captured variable or passed as an argument, made unbuffered in
// the spawner.
func spawnerChan(fset *token.FileSet, s spawn.Spawn, v ssa.Value) (*localChan, bool) {
	ref, ok := hb.Storage(fset, v)
	if !ok || len(ref.Path.Steps) > 1 {
		return nil, false
	}
	var outer ssa.Value
	root := ref.Path.Root
	switch root.Kind {
	case access.Free:
		mc, ok := s.Fn.(*ssa.MakeClosure)
		if !ok || root.Index >= len(mc.Bindings) {
			return nil, false
		}
		outer = mc.Bindings[root.Index]
	case access.Param:
		if root.Index >= len(s.Args) || len(ref.Path.Steps) > 0 {
			return nil, false
		}
		outer = s.Args[root.Index]
	default:
		return nil, false
	}
	if load, ok := outer.(*ssa.UnOp); ok && load.Op == token.MUL {
		outer = load.X
	}
	switch o := outer.(type) {
	case *ssa.MakeChan:
		return &localChan{made: o}, ssautil.Unbuffered(o)
	case *ssa.Alloc:
		var made *ssa.MakeChan
		for _, r := range *o.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == o {
				mk, ok := st.Val.(*ssa.MakeChan)
				if !ok || made != nil {
					return nil, false
				}
				made = mk
			}
		}
		return &localChan{made: made, cell: o}, made != nil && ssautil.Unbuffered(made)
	}
	return nil, false
}

// onlySentBefore reports whether, until wait, nothing but senders can
// use the channel: the spawner's uses of it that can run before wait
// are the spawns of bodies that only send on it, and no other code
// holds it.
func (c *localChan) onlySentBefore(wait ssa.Instruction, x *hb.Index) bool {
	uses, ok := c.uses()
	if !ok {
		return false
	}
	for _, u := range uses {
		if mc, ok := u.(*ssa.MakeClosure); ok {
			if !onlySends(mc, c) || !spawned(mc, x) {
				return false
			}
			continue
		}
		if isClose(u) || c.passedToSender(u, x) {
			continue // a close is no receive; a sender started is a sender
		}
		if u.Parent() != wait.Parent() || runsBefore(wait, u) {
			return false
		}
	}
	return true
}

// uses lists the instructions that use the channel value (the loads of
// its variable stand for it), or ok false when it escapes: stored
// elsewhere, sent, returned, converted.
func (c *localChan) uses() ([]ssa.Instruction, bool) {
	values := []ssa.Value{c.made}
	var out []ssa.Instruction
	if c.cell != nil {
		for _, r := range *c.cell.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Val != ssa.Value(c.made) {
					return nil, false
				}
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return nil, false
				}
				values = append(values, r)
			case *ssa.MakeClosure:
				out = append(out, r)
			case *ssa.DebugRef:
			default:
				return nil, false
			}
		}
	}
	for _, v := range values {
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != ssa.Value(c.cell) || c.cell == nil {
					return nil, false
				}
			case *ssa.UnOp, *ssa.Select, *ssa.Call, *ssa.Go, *ssa.Defer, *ssa.MakeClosure:
				out = append(out, r)
			case *ssa.Send:
				if r.X == v {
					return nil, false // the channel itself is sent
				}
				out = append(out, r)
			case *ssa.DebugRef:
			default:
				return nil, false
			}
		}
	}
	return out, true
}

// onlySends reports whether the closure mc makes only sends on the
// channel it captures: no receive, no call or closure it hands it to.
func onlySends(mc *ssa.MakeClosure, c *localChan) bool {
	fn := spawn.FuncOf(mc)
	if fn == nil {
		return false
	}
	for i, b := range mc.Bindings {
		if i >= len(fn.FreeVars) || !c.is(b) {
			continue
		}
		values := []ssa.Value{fn.FreeVars[i]}
		if b == ssa.Value(c.cell) {
			values = values[:0]
			for _, r := range *fn.FreeVars[i].Referrers() {
				switch r := r.(type) {
				case *ssa.UnOp:
					if r.Op != token.MUL {
						return false
					}
					values = append(values, r)
				case *ssa.DebugRef:
				default:
					return false
				}
			}
		}
		for _, v := range values {
			if !sendsOnly(v) {
				return false
			}
		}
	}
	return true
}

// passedToSender reports whether instr starts a body that only sends
// on the channel it is passed (go produce(ch, x)).
func (c *localChan) passedToSender(instr ssa.Instruction, x *hb.Index) bool {
	s, ok := x.Spawn(instr)
	if !ok || s.Body() == nil {
		return false
	}
	body, passed := s.Body(), false
	for i, a := range s.Args {
		if c.is(a) {
			if i >= len(body.Params) || !sendsOnly(body.Params[i]) {
				return false
			}
			passed = true
		}
	}
	return passed
}

// is reports whether v is the channel or its variable.
func (c *localChan) is(v ssa.Value) bool {
	if v == ssa.Value(c.made) || c.cell != nil && v == ssa.Value(c.cell) {
		return true
	}
	load, ok := v.(*ssa.UnOp)
	return ok && load.Op == token.MUL && c.cell != nil && load.X == ssa.Value(c.cell)
}

// sendsOnly reports whether the channel v is only sent on (or closed).
func sendsOnly(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Send:
			if r.X == v {
				return false
			}
		case *ssa.Select:
			for _, st := range r.States {
				if st.Chan == v && st.Dir != types.SendOnly {
					return false
				}
			}
		case *ssa.DebugRef:
		default:
			if !isClose(r) {
				return false
			}
		}
	}
	return true
}

// spawned reports whether the closure mc makes is a body its function
// starts (go func() {...}()).
func spawned(mc *ssa.MakeClosure, x *hb.Index) bool {
	for _, r := range *mc.Referrers() {
		s, ok := x.Spawn(r)
		if !ok || s.Fn != ssa.Value(mc) {
			return false
		}
	}
	return true
}

func isClose(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && (b.Name() == "close" || b.Name() == "len" || b.Name() == "cap")
}

// runsBefore reports whether instr can run before until first runs, in
// one call of their function: reachable from the entry by a path that
// does not pass until, and until reachable from it. (A receive after
// the loop whose body waits is reached, with no items, without the
// Wait; then there is no Wait to block.)
func runsBefore(until, instr ssa.Instruction) bool {
	return hb.Reaches(instr, until) && reachedAvoiding(until, instr)
}

// reachedAvoiding reports whether instr is reachable from its
// function's entry by a path that does not pass until.
func reachedAvoiding(until, instr ssa.Instruction) bool {
	entry := until.Parent().Blocks[0]
	seen := map[*ssa.BasicBlock]bool{entry: true}
	work := []*ssa.BasicBlock{entry}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		stopped := false
		for _, x := range b.Instrs {
			if x == until {
				stopped = true
				break
			}
			if x == instr {
				return true
			}
		}
		if stopped {
			continue
		}
		for _, succ := range b.Succs {
			if !seen[succ] {
				seen[succ] = true
				work = append(work, succ)
			}
		}
	}
	return false
}

func (c *checker) reportWaitSend(wait ssa.Instruction, s spawn.Spawn, send *ssa.Send, ch *localChan) {
	name := storageName(c.pass.Fset, send.Chan, "the channel")
	group := storageName(c.pass.Fset, hb.JoinValue(wait), "the group")
	related := []analysis.RelatedInformation{
		report.Related(send.Pos(), "the goroutine blocks here"),
		report.Related(s.Instr.Pos(), "the goroutine starts here"),
		report.Related(ch.made.Pos(), "%s is made here, unbuffered", name),
	}
	c.reportf(wait, related, nil, "%s.Wait() never returns: it waits for a goroutine blocked sending on %s, unbuffered, which nothing receives from before the Wait returns; "+
		"receive in another goroutine or give the channel room for every send", group, name)
}

// storageName names v's storage for a message, or gives otherwise.
func storageName(fset *token.FileSet, v ssa.Value, otherwise string) string {
	if ref, ok := hb.Storage(fset, v); ok {
		if name := ref.Name(); name != "" {
			return name
		}
	}
	return otherwise
}
