package mapaccess

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
)

// task is one spawn in a function, with its body's accesses to maps
// the spawner can reach.
type task = hb.Task[sharedAccess]

// sharedAccess is a body access and the spawner-side key of its map.
type sharedAccess struct {
	access
	key string
}

// checkSpawns reports maps that a function's spawned bodies share with
// the function itself, with each other, or with their own instances.
func (c *checker) checkSpawns(fn *ssa.Function) {
	// An access a function argument makes (go until(f, stop)) is not
	// an instruction of the body: signals the body gives are not known
	// to come after it, so none is ordered after it (the safe side).
	tasks := hb.Tasks(c.hb, fn, c.sharedAccesses, func(x sharedAccess) (ssa.Instruction, bool) { return x.instr, !x.spawned })
	if len(tasks) == 0 {
		return
	}
	reported := map[string]bool{}
	for _, t := range tasks {
		c.checkTask(fn, t, tasks, reported)
	}
}

// sharedAccesses lists a body's accesses to maps named in its
// spawner's terms.
func (c *checker) sharedAccesses(s spawn.Spawn, body *ssa.Function) []sharedAccess {
	out := hb.InSpawner(c.pass.Fset, s, c.accessesOf(body),
		func(a access) locks.Ref { return a.mapRef },
		func(a access, key string) sharedAccess { return sharedAccess{a, key} })
	return append(out, c.argAccesses(s)...)
}

// argAccesses lists the accesses the function values a go statement
// passes make when its function calls them (go until(s.refresh, stop)),
// already in the spawner's terms, under the locks the function holds
// around the call only.
func (c *checker) argAccesses(s spawn.Spawn) []sharedAccess {
	g, ok := s.Instr.(*ssa.Go)
	if !ok {
		return nil
	}
	var out []sharedAccess
	for _, op := range c.effects.AtGo(g, effects.MapKinds) {
		op := op
		a := access{instr: g, write: op.Kind == effects.MapWrite, mapRef: op.Ref, via: &op, spawned: true}
		out = append(out, sharedAccess{a, op.Ref.Key})
	}
	return out
}

// checkTask reports the first conflict of each of t's shared maps.
func (c *checker) checkTask(fn *ssa.Function, t *task, tasks []*task, reported map[string]bool) {
	for _, x := range t.Ops {
		dedup := fmt.Sprint(t.Spawn.Instr.Pos(), "|", x.key)
		if reported[dedup] {
			continue
		}
		// The spawner, after the spawn.
		for _, y := range c.accessesOf(fn) {
			if t.Concurrent.Contains(y.instr) && y.mapRef.Key == x.key && c.conflict(x.access, t.Spawn, y, nil) {
				reported[dedup] = true
				c.reportShared(t, x, y, fmt.Sprintf("its spawner %s it", verbPresent(y.write)), "by the spawner")
				break
			}
		}
		if reported[dedup] {
			continue
		}
		// Its own other instances, when spawned in a loop.
		if t.Repeats() && !hb.PerInstance(c.pass.Fset, *t.Spawn, x.mapRef) {
			for _, y := range t.Ops {
				if y.key == x.key && c.conflict(x.access, t.Spawn, y.access, t.Spawn) {
					reported[dedup] = true
					c.reportShared(t, x, y.access, fmt.Sprintf("other instances of this %s, started by the same loop, %s it", t.Spawn.Kind, verbPlural(y.write)), "by another instance")
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
			if u == t || !t.Beside(u) {
				continue
			}
			pair := fmt.Sprint(min(t.Spawn.Instr.Pos(), u.Spawn.Instr.Pos()), "|", max(t.Spawn.Instr.Pos(), u.Spawn.Instr.Pos()), "|", x.key)
			if reported[pair] {
				continue
			}
			for _, y := range u.Ops {
				if y.key == x.key && c.conflict(x.access, t.Spawn, y.access, u.Spawn) {
					reported[dedup] = true
					reported[pair] = true
					c.reportShared(t, x, y.access, fmt.Sprintf("another %s, started at %s, %s it", u.Spawn.Kind, c.site(u.Spawn.Instr.Pos()), verbPresent(y.write)), "by the other "+u.Spawn.Kind.String())
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
// writes and no lock is held at both. xs and ys are the spawns whose
// bodies make the accesses (nil for the spawner's own): a lock is
// common when its class is, or when both name the same instance in the
// spawner's terms (a *sync.Mutex parameter has no class of its own).
func (c *checker) conflict(x access, xs *spawn.Spawn, y access, ys *spawn.Spawn) bool {
	if !x.write && !y.write {
		return false
	}
	if x.via != nil && y.via != nil && (x.via.May || y.via.May) {
		// Both inside calls, one on some of its callee's paths only
		// (nats' loadState writes Pending only when told to copy): two
		// guesses about one race are one too many.
		return false
	}
	if _, common := commonLock(c.guardsOf(x), c.guardsOf(y)); common {
		return false
	}
	if x.spawned {
		xs = nil // named in the spawner's terms already
	}
	if y.spawned {
		ys = nil
	}
	mine := c.lockInstances(x, xs)
	for key := range c.lockInstances(y, ys) {
		if mine[key] {
			return false
		}
	}
	return true
}

// lockInstances names the locks held at a, in its spawner's terms when
// a body spawned by s makes it.
func (c *checker) lockInstances(a access, s *spawn.Spawn) map[string]bool {
	out := map[string]bool{}
	for _, h := range c.guardsOf(a) {
		if key, ok := hb.OuterLock(c.pass.Fset, s, h.Ref); ok {
			out[key] = true
		}
	}
	return out
}

func (c *checker) reportShared(t *task, x sharedAccess, y access, other, where string) {
	name, pos := x.mapRef.Name(), x.instr.Pos()
	if !pos.IsValid() && x.via != nil {
		// A synthetic body (a bound method value run as the callback)
		// has no position and names the receiver "recv": point at the
		// access inside the method, named as the spawner names it.
		name, pos = y.mapRef.Name(), x.via.Pos()
	}
	if !pos.IsValid() {
		pos = t.Spawn.Instr.Pos()
	}
	msg := fmt.Sprintf("map %s is %s by this %s while %s, with no common lock: concurrent map %s is a fatal runtime error; guard every access with one mutex, or wait for the %s first",
		name, x.verb(), t.Spawn.Kind, other, raceKind(x.write, y.write), t.Spawn.Kind)
	report.Report(c.pass, analysis.Diagnostic{
		Pos:     pos,
		Message: msg,
		Related: append(append([]analysis.RelatedInformation{
			report.Related(y.instr.Pos(), "%s %s here %s", name, y.verb(), where),
			report.Related(t.Spawn.Instr.Pos(), "%s started here", t.Spawn.Kind),
		}, x.calleeRelated(name)...), y.calleeRelated(name)...),
	})
}

func raceKind(a, b bool) string {
	if a && b {
		return "writes"
	}
	return "read and write"
}

func (c *checker) site(pos token.Pos) string { return locks.Site(c.pass.Fset, pos) }
