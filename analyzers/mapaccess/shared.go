package mapaccess

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
)

// task is one spawn in a function, with its body's map accesses named
// in the spawner's terms.
type task struct {
	spawn  spawn.Spawn
	body   *ssa.Function
	shared []sharedAccess // body accesses to maps the spawner can reach
	// concurrent holds the spawner's instructions that may run while
	// the body runs: reachable from the spawn without passing a join.
	concurrent map[ssa.Instruction]bool
}

// sharedAccess is a body access and the spawner-side key of its map.
type sharedAccess struct {
	access
	key string
}

// checkSpawns reports maps that a function's spawned bodies share with
// the function itself, with each other, or with their own instances.
func (c *checker) checkSpawns(fn *ssa.Function) {
	var tasks []*task
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := spawn.OfInstr(instr)
			if !ok || s.Body() == nil || len(s.Body().Blocks) == 0 {
				continue
			}
			t := &task{spawn: s, body: s.Body()}
			for _, a := range c.accessesOf(t.body) {
				if key, ok := c.translate(s, a.mapRef); ok {
					t.shared = append(t.shared, sharedAccess{a, key})
				}
			}
			if len(t.shared) > 0 {
				tasks = append(tasks, t)
			}
		}
	}
	if len(tasks) == 0 {
		return
	}
	for _, t := range tasks {
		t.concurrent = c.concurrentAfter(fn, t)
	}
	reported := map[string]bool{}
	for _, t := range tasks {
		c.checkTask(fn, t, tasks, reported)
	}
}

// checkTask reports the first conflict of each of t's shared maps.
func (c *checker) checkTask(fn *ssa.Function, t *task, tasks []*task, reported map[string]bool) {
	for _, x := range t.shared {
		dedup := fmt.Sprint(t.spawn.Instr.Pos(), "|", x.key)
		if reported[dedup] {
			continue
		}
		// The spawner, after the spawn.
		for _, y := range c.accessesOf(fn) {
			if t.concurrent[y.instr] && y.mapRef.Key == x.key && c.conflict(x.access, y) {
				reported[dedup] = true
				c.reportShared(t, x, y, fmt.Sprintf("its spawner %s it", verbPresent(y.write)), "by the spawner")
				break
			}
		}
		if reported[dedup] {
			continue
		}
		// Its own other instances, when spawned in a loop.
		if t.concurrent[t.spawn.Instr] {
			for _, y := range t.shared {
				if y.key == x.key && c.conflict(x.access, y.access) {
					reported[dedup] = true
					c.reportShared(t, x, y.access, fmt.Sprintf("other instances of this %s, started by the same loop, %s it", t.spawn.Kind, verbPlural(y.write)), "by another instance")
					break
				}
			}
		}
		if reported[dedup] {
			continue
		}
		// Sibling spawns that may run at the same time, reported once
		// per pair, at the first spawned.
		for _, u := range tasks {
			if u == t || !(t.concurrent[u.spawn.Instr] || u.concurrent[t.spawn.Instr]) {
				continue
			}
			pair := fmt.Sprint(min(t.spawn.Instr.Pos(), u.spawn.Instr.Pos()), "|", max(t.spawn.Instr.Pos(), u.spawn.Instr.Pos()), "|", x.key)
			if reported[pair] {
				continue
			}
			for _, y := range u.shared {
				if y.key == x.key && c.conflict(x.access, y.access) {
					reported[dedup] = true
					reported[pair] = true
					c.reportShared(t, x, y.access, fmt.Sprintf("another %s, started at %s, %s it", u.spawn.Kind, c.site(u.spawn.Instr.Pos()), verbPresent(y.write)), "by the other "+u.spawn.Kind.String())
					break
				}
			}
			if reported[dedup] {
				break
			}
		}
	}
}

func verbPlural(write bool) string {
	if write {
		return "write"
	}
	return "read"
}

func verbPresent(write bool) string {
	if write {
		return "writes"
	}
	return "reads"
}

// conflict reports whether two accesses to one map race: at least one
// writes and no lock is held at both.
func (c *checker) conflict(x, y access) bool {
	if !x.write && !y.write {
		return false
	}
	_, common := commonLock(c.guardsOf(x), c.guardsOf(y))
	return !common
}

func (c *checker) reportShared(t *task, x sharedAccess, y access, other, where string) {
	name := x.mapRef.Name
	msg := fmt.Sprintf("map %s is %s by this %s while %s, with no common lock: concurrent map %s is a fatal runtime error; guard every access with one mutex, or wait for the %s first",
		name, x.verb(), t.spawn.Kind, other, raceKind(x.write, y.write), t.spawn.Kind)
	report.Report(c.pass, analysis.Diagnostic{
		Pos:     x.instr.Pos(),
		Message: msg,
		Related: []analysis.RelatedInformation{
			report.Related(y.instr.Pos(), "%s %s here %s", name, y.verb(), where),
			report.Related(t.spawn.Instr.Pos(), "%s started here", t.spawn.Kind),
		},
	})
}

func raceKind(a, b bool) string {
	if a && b {
		return "writes"
	}
	return "read and write"
}

func (c *checker) site(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	name := p.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return fmt.Sprintf("%s:%d", name, p.Line)
}

// translate names a body's map in the spawner's terms: a captured
// variable is the spawner's variable it binds, a parameter the argument
// the go statement passes, a package variable itself. Maps of the
// body's own are not shared.
func (c *checker) translate(s spawn.Spawn, ref locks.Ref) (string, bool) {
	var outer ssa.Value
	switch ref.RootKind {
	case locks.RootGlobal:
		return ref.Key, true
	case locks.RootFree:
		mc, ok := s.Fn.(*ssa.MakeClosure)
		if !ok || ref.Index < 0 || ref.Index >= len(mc.Bindings) {
			return "", false
		}
		outer = mc.Bindings[ref.Index]
		r, ok := locks.RefOf(c.pass.Fset, outer)
		if !ok {
			return "", false
		}
		return r.Key + ref.Path, true
	case locks.RootParam:
		if ref.Index < 0 || ref.Index >= len(s.Args) {
			return "", false
		}
		r, ok := c.storage(s.Args[ref.Index])
		if !ok {
			return "", false
		}
		return r.Key + ref.Path, true
	}
	return "", false
}

// concurrentAfter returns the spawner's instructions reachable from the
// spawn without passing a join that waits for the body.
func (c *checker) concurrentAfter(fn *ssa.Function, t *task) map[ssa.Instruction]bool {
	waits := c.waitsFor(t)
	out := map[ssa.Instruction]bool{}
	start := t.spawn.Instr.Block()
	index := 0
	for i, instr := range start.Instrs {
		if instr == t.spawn.Instr {
			index = i + 1
		}
	}
	type item struct {
		b    *ssa.BasicBlock
		from int
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := []item{{start, index}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		joined := false
		for _, instr := range it.b.Instrs[it.from:] {
			if waits(instr) {
				joined = true
				break
			}
			out[instr] = true
		}
		if joined {
			continue
		}
		for _, succ := range it.b.Succs {
			if !seen[succ] {
				seen[succ] = true
				work = append(work, item{succ, 0})
			}
		}
	}
	return out
}

// waitsFor returns a predicate for the spawner's instructions that wait
// for t's body: a Wait on its group (the one that started it, or one it
// calls Done on after its accesses), or a receive from a channel it
// sends on or closes after its accesses.
func (c *checker) waitsFor(t *task) func(ssa.Instruction) bool {
	groups := map[string]bool{}
	if t.spawn.Group != nil {
		if r, ok := locks.RefOf(c.pass.Fset, t.spawn.Group); ok {
			groups[r.Key] = true
		}
	}
	channels := map[string]bool{}
	for _, b := range t.body.Blocks {
		for _, instr := range b.Instrs {
			if g, ok := spawn.DoneOf(instr); ok && c.afterAccesses(t, instr) {
				if key, ok := c.outerKey(t, g); ok {
					groups[key] = true
				}
			}
			if ch, ok := signalChannel(instr); ok && c.afterAccesses(t, instr) {
				if key, ok := c.outerKey(t, ch); ok {
					channels[key] = true
				}
			}
		}
	}
	return func(instr ssa.Instruction) bool {
		if g, ok := spawn.JoinOf(instr); ok {
			r, ok := locks.RefOf(c.pass.Fset, g)
			return ok && groups[r.Key]
		}
		if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW {
			r, ok := c.storage(recv.X)
			return ok && channels[r.Key]
		}
		return false
	}
}

// signalChannel recognises a send on, or a close of, a channel.
func signalChannel(instr ssa.Instruction) (ssa.Value, bool) {
	switch instr := instr.(type) {
	case *ssa.Send:
		return instr.Chan, true
	case *ssa.Call:
		return closed(&instr.Call)
	case *ssa.Defer:
		return closed(&instr.Call)
	}
	return nil, false
}

func closed(call *ssa.CallCommon) (ssa.Value, bool) {
	if b, ok := call.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(call.Args) == 1 {
		return call.Args[0], true
	}
	return nil, false
}

// afterAccesses reports whether signal comes after every shared access
// of the body: it is deferred, or each access precedes it on every path.
func (c *checker) afterAccesses(t *task, signal ssa.Instruction) bool {
	if _, ok := signal.(*ssa.Defer); ok {
		return true
	}
	for _, x := range t.shared {
		xb, sb := x.instr.Block(), signal.Block()
		if xb == sb {
			if indexIn(xb, x.instr) > indexIn(sb, signal) {
				return false
			}
			continue
		}
		if !xb.Dominates(sb) {
			return false
		}
	}
	return true
}

func indexIn(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// outerKey names a body value (a group or channel) in the spawner's
// terms.
func (c *checker) outerKey(t *task, v ssa.Value) (string, bool) {
	r, ok := c.storage(v)
	if !ok {
		return "", false
	}
	return c.translate(t.spawn, r)
}
