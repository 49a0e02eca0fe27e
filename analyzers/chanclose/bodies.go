package chanclose

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/astutil"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
)

// body is a function's own code (Spawn nil) or a body it spawns, with
// channel operations keyed in the spawner's terms.
type body = hb.Task[keyedOp]

type keyedOp struct {
	op
	key string
}

func sends(b *body, key string) bool {
	for _, o := range b.Ops {
		if o.key == key && o.kind == send {
			return true
		}
	}
	return false
}

func (c *checker) describe(b *body) string {
	if b.Spawn == nil {
		return "the function that starts it"
	}
	return fmt.Sprintf("the %s started at %s", b.Spawn.Kind, c.site(b.Spawn.Instr.Pos()))
}

// checkBodies relates a function's channel operations to those of the
// bodies it spawns: closes by a party that never sends while a sender
// may still run, and closes by several parties.
func (c *checker) checkBodies(fn *ssa.Function) {
	tasks := c.tasks(fn)
	if len(tasks) == 0 {
		return
	}
	self := &body{Fn: fn}
	for _, o := range c.opsOf(fn) {
		self.Ops = append(self.Ops, keyedOp{o, o.ch.Key})
	}
	all := append([]*body{self}, tasks...)
	reported := map[ssa.Instruction]bool{}
	for _, b := range all {
		for _, x := range b.Ops {
			if x.kind != closeOp || reported[x.instr] {
				continue
			}
			if c.checkReceiverClose(b, x, self, tasks) || c.checkSeveralClosers(b, x, all) {
				reported[x.instr] = true
			}
		}
	}
}

// tasks lists the bodies fn spawns that touch channels fn can reach.
func (c *checker) tasks(fn *ssa.Function) []*body {
	return hb.Tasks(c.hb, fn, c.keyedOps, func(o keyedOp) (ssa.Instruction, bool) { return o.instr, o.kind == send })
}

// keyedOps lists a body's channel operations on channels named in its
// spawner's terms.
func (c *checker) keyedOps(s spawn.Spawn, fn *ssa.Function) []keyedOp {
	return hb.InSpawner(c.pass.Fset, s, c.opsOf(fn),
		func(o op) locks.Ref { return o.ch },
		func(o op, key string) keyedOp { return keyedOp{o, key} })
}

// checkReceiverClose reports a close by a body that never sends on the
// channel while another body that sends on it may still run.
func (c *checker) checkReceiverClose(b *body, x keyedOp, self *body, tasks []*body) bool {
	if sends(b, x.key) || x.via != nil && x.via.Waited {
		return false // a callee that waits before it closes may wait for the senders
	}
	for _, u := range tasks {
		if u == b || !sends(u, x.key) || !c.concurrentWith(b, x, u) || c.sendsAfterNil(b, x, u) || c.sendsUnderCloseLock(x, u) {
			continue
		}
		y := firstSend(u, x.key)
		c.reportf(x.op, []analysis.RelatedInformation{
			report.Related(y.instr.Pos(), "%s sends on %s here", c.describe(u), x.ch.Name()),
			report.Related(u.Spawn.Instr.Pos(), "%s started here", u.Spawn.Kind),
		}, "channel %s is closed by %s, which never sends on it, while %s may still send on it: a send on a closed channel panics; %s",
			x.ch.Name(), closer(b), c.describe(u), closeFix(b, x))
		return true
	}
	if b.Spawn != nil && sends(self, x.key) && !handshake(b, x, self) && !c.sendsAfterNil(b, x, self) && !c.sendsUnderCloseLock(x, self) {
		for _, y := range self.Ops {
			if y.key == x.key && y.kind == send && b.Concurrent.Contains(y.instr) {
				c.reportf(x.op, []analysis.RelatedInformation{
					report.Related(y.instr.Pos(), "the spawner sends on %s here", x.ch.Name()),
					report.Related(b.Spawn.Instr.Pos(), "%s started here", b.Spawn.Kind),
				}, "channel %s is closed by this %s, which never sends on it, while the function that starts it may still send on it: a send on a closed channel panics; let the sender close it after its last send",
					x.ch.Name(), b.Spawn.Kind)
				return true
			}
		}
	}
	return false
}

// sendsUnderCloseLock reports whether the close is made behind a check
// (on some paths only) under a lock, and every send of u on the channel
// holds a lock of a declaration the close holds too: the closed-flag
// pattern (a buffer's Close checks and sets closed and closes under
// b.mu; its Put and Load check closed under b.mu before sending).
func (c *checker) sendsUnderCloseLock(x keyedOp, u *body) bool {
	if !c.behindCheck(x.op) {
		return false
	}
	found := false
	for _, y := range u.Ops {
		if y.key != x.key || y.kind != send {
			continue
		}
		if !c.sameClass(x.op, y.op) {
			return false
		}
		found = true
	}
	return found
}

// behindCheck reports whether a close is made on some paths only,
// under a lock.
func (c *checker) behindCheck(x op) bool {
	if x.via != nil {
		return x.via.May && x.via.Once
	}
	return !effects.Always(x.instr.Parent(), x.instr) && len(c.heldAt(x.instr)) > 0
}

// handshake reports the pattern where the closer receives from the
// channel before it closes, and the spawner receives from it after each
// of its sends: the spawner's last send is a request, and it then waits
// for the close as the reply, so no send can follow the close.
func handshake(b *body, x keyedOp, self *body) bool {
	received := false
	for _, o := range b.Ops {
		if o.key == x.key && o.kind == recv && (x.deferred || before(o.instr, x.instr)) {
			received = true
		}
	}
	if !received {
		return false
	}
	for _, y := range self.Ops {
		if y.key != x.key || y.kind != send {
			continue
		}
		waits := false
		for _, r := range self.Ops {
			if r.key == x.key && r.kind == recv && before(y.instr, r.instr) {
				waits = true
			}
		}
		if !waits {
			return false
		}
	}
	return true
}

// closeFix advises on a close by a party that never sends. A close the
// function defers runs when it returns, which is usually a coordinator
// returning before the workers it started are done.
func closeFix(b *body, x keyedOp) string {
	if b.Spawn == nil && x.deferred {
		return "the deferred close runs when this function returns: wait for the senders before returning (a WaitGroup), or let the sender close it after its last send"
	}
	return "let the sender close it after its last send"
}

func closer(b *body) string {
	if b.Spawn == nil {
		return "this function"
	}
	return "this " + b.Spawn.Kind.String()
}

func firstSend(b *body, key string) keyedOp {
	for _, o := range b.Ops {
		if o.key == key && o.kind == send {
			return o
		}
	}
	return keyedOp{}
}

// concurrentWith reports whether close x in body b may run while task u
// runs: a close in the spawner within u's concurrent region; a close in
// another task running beside u that does not first wait for u.
func (c *checker) concurrentWith(b *body, x keyedOp, u *body) bool {
	if b.Spawn == nil {
		return u.Concurrent.Contains(x.instr)
	}
	if !b.Beside(u) {
		return false
	}
	return !c.waitsBefore(b, x, u)
}

// waitsBefore reports whether body b, before close x, waits for task u
// after u's sends (hb.WaitsIn).
func (c *checker) waitsBefore(b *body, x keyedOp, u *body) bool {
	var sends []ssa.Instruction
	for _, o := range u.Ops {
		if o.kind == send {
			sends = append(sends, o.instr)
		}
	}
	return c.hb.WaitsIn(*b.Spawn, x.instr, *u.Spawn, sends)
}

// checkSeveralClosers reports a close in a body started in a loop, or a
// close of a channel another body closes too, unless made once.
func (c *checker) checkSeveralClosers(b *body, x keyedOp, all []*body) bool {
	if c.closesOnce(x) {
		return false
	}
	if b.Spawn != nil && b.Repeats() && !hb.PerInstance(c.pass.Fset, *b.Spawn, x.ch) && !c.ownChannel(b, x, all) {
		c.reportf(x.op, []analysis.RelatedInformation{report.Related(b.Spawn.Instr.Pos(), "%s started here, in a loop", b.Spawn.Kind)},
			"channel %s is closed by every instance of this %s, which is started in a loop: the second close panics; close it once, after every instance is done, or guard the close with a sync.Once",
			x.ch.Name(), b.Spawn.Kind)
		return true
	}
	for _, o := range all {
		if o == b || (o.Spawn == nil && b.Spawn == nil) || !samePath(b, x, o) {
			continue
		}
		for _, y := range o.Ops {
			if y.key != x.key || y.kind != closeOp || c.closesOnce(y) || c.ownChannel(b, x, all) && c.ownChannel(o, y, all) {
				continue
			}
			if b.Spawn == nil || (o.Spawn != nil && astutil.Earlier(c.pass.Fset, b.Spawn.Instr.Pos(), o.Spawn.Instr.Pos())) {
				break // report the pair once, at the later body's close
			}
			c.reportf(x.op, []analysis.RelatedInformation{report.Related(y.instr.Pos(), "%s closes %s here", c.describe(o), x.ch.Name())},
				"channel %s is closed by %s and also by %s: whichever closes second panics; give the channel one closer, or guard the close with a sync.Once",
				x.ch.Name(), closer(b), c.describe(o))
			return true
		}
	}
	return false
}

// ownChannel reports whether the close x in a spawned body b closes
// the channel its spawner made just before starting it
// (hb.MadeBeforeStart), and no one sends on the variable's channels: the
// spawner's receive that allows the next one to be made then waits for
// this close.
func (c *checker) ownChannel(b *body, x keyedOp, all []*body) bool {
	if b.Spawn == nil || !hb.MadeBeforeStart(*b.Spawn, x.ch, c.receivesArg) {
		return false
	}
	for _, o := range all {
		if sends(o, x.key) {
			return false
		}
	}
	return true
}

// receivesArg reports whether call, passed v as an argument, receives
// from it before it returns normally (a helper that waits on the
// channel; effects.Effect.Awaited).
func (c *checker) receivesArg(call ssa.CallInstruction, v ssa.Value) bool {
	common := call.Common()
	if common.IsInvoke() {
		return false
	}
	idx := slices.Index(common.Args, v)
	for _, op := range c.effects.AtKinds(call, effects.ChanKinds) {
		p := op.Place
		if op.Kind == effects.ChanRecv && op.Awaited && p.Root.Kind == access.Param && len(p.Steps) == 0 && p.Root.Index == idx {
			return true
		}
	}
	return false
}

// samePath reports whether bodies b (closing at x) and o can both run
// in one call of their spawner: not on exclusive branches.
func samePath(b *body, x keyedOp, o *body) bool {
	switch {
	case b.Spawn == nil:
		return hb.Reaches(x.instr, o.Spawn.Instr) || hb.Reaches(o.Spawn.Instr, x.instr)
	case o.Spawn == nil:
		for _, y := range o.Ops {
			if y.kind == closeOp && y.key == x.key &&
				(hb.Reaches(y.instr, b.Spawn.Instr) || hb.Reaches(b.Spawn.Instr, y.instr)) {
				return true
			}
		}
		return false
	}
	return hb.Reaches(b.Spawn.Instr, o.Spawn.Instr) || hb.Reaches(o.Spawn.Instr, b.Spawn.Instr)
}

// closesOnce reports whether a close is made at most once by
// construction: under a lock (a closed flag checked under a mutex),
// behind an atomic once-flag (if closed.Swap(true) { return }), or in a
// select that first checks whether the channel is already closed.
func (c *checker) closesOnce(x keyedOp) bool {
	if !x.unconditional() {
		return true
	}
	if fl := c.model.ByFunc[x.instr.Parent()]; fl != nil && len(fl.HeldBefore(x.instr)) > 0 {
		return true
	}
	for d := x.instr.Block().Idom(); d != nil; d = d.Idom() {
		if atomicFlagTest(d) {
			return true
		}
		for _, instr := range d.Instrs {
			sel, ok := instr.(*ssa.Select)
			if !ok {
				continue
			}
			for _, st := range sel.States {
				if st.Dir != types.RecvOnly {
					continue
				}
				if r, ok := hb.Storage(c.pass.Fset, st.Chan); ok && r.Key == x.ch.Key {
					return true
				}
			}
		}
	}
	return false
}

// atomicFlagTest reports whether block b ends in a branch on the result
// of an atomic swap or compare-and-swap (closed.Swap(true),
// atomic.CompareAndSwapInt32(&done, 0, 1)): only one caller sees the
// flag's old value, so what that branch guards runs once.
func atomicFlagTest(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	br, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cond := br.Cond
	if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
		cond = not.X
	}
	call, ok := cond.(*ssa.Call)
	if !ok {
		return false
	}
	var fn *types.Func
	if call.Call.IsInvoke() {
		fn = call.Call.Method
	} else if callee := call.Call.StaticCallee(); callee != nil {
		fn, _ = callee.Object().(*types.Func)
	}
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" {
		return false
	}
	return strings.HasPrefix(fn.Name(), "Swap") || strings.HasPrefix(fn.Name(), "CompareAndSwap")
}
