package hb

import (
	"go/constant"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/spawn"
)

// A barrier per step (pebble's arenaskl TestConcurrentAdd): the body
// calls Done on end[i] for each step i of a loop, and the spawner waits
// on end[i] step by step in a loop of its own.
//
//	for f := 0; f < 2; f++ {
//		go func() {
//			use(v)
//			for i := 0; i < n; i++ { start[i].Wait(); ...; end[i].Done() }
//		}()
//	}
//	for i := 0; i < n; i++ { start[i].Done(); end[i].Wait() }
//
// A Wait on one step returns once the body reached it, so it waits for
// what the body did before its loop of Dones. One Done on the body's
// own element (end[id].Done(), in no loop) is no barrier: a Wait on
// end[0] then waits for one body only.

// stepsKey names, for a group picked from a collection by a computed
// index (end[i]), the collection's groups as one barrier.
func stepsKey(r access.Ref) (string, bool) {
	steps := r.Path.Steps
	n := len(steps)
	if n == 0 || steps[n-1].Kind != access.Index || !steps[n-1].Dynamic {
		return "", false
	}
	coll, ok := r.Path.Collection()
	if !ok || len(coll.Steps) != n-1 {
		return "", false
	}
	return "steps:" + coll.Key(), true
}

// recordSteps adds to groups the stepsKey of g, a group the body of s
// calls Done on in a loop, in the spawner's terms.
func (x *Index) recordSteps(groups map[string]bool, s spawn.Spawn, g ssa.Value) {
	r, ok := Storage(x.fset, g)
	if !ok {
		return
	}
	if _, ok := stepsKey(r); !ok {
		return
	}
	coll, _ := r.Path.Collection()
	if outer, ok := s.Site().Rebase(x.fset, coll.Ref(r.Class, r.ClassName), argStorage); ok {
		groups["steps:"+outer.Key] = true
	}
}

// barrierExit reports whether b is the test of a loop counted from 0
// to a positive constant whose every iteration waits on a step of a
// barrier in groups: the loop runs at least once, so its exit follows a
// Wait that waits for the body.
func (x *Index) barrierExit(b *ssa.BasicBlock, groups map[string]bool) bool {
	l, ok := countedLoop(b)
	if !ok {
		return false
	}
	if c, ok := l.bound.(*ssa.Const); !ok || c.Value == nil || c.Value.Kind() != constant.Int || constant.Sign(c.Value) <= 0 {
		return false
	}
	for _, w := range b.Parent().Blocks {
		if w == b || !l.contains(w) {
			continue
		}
		for _, j := range x.block(w).joins {
			if j.group && j.steps != "" && groups[j.steps] && dominatesLatches(w, l) {
				return true
			}
		}
	}
	return false
}

// dominatesLatches reports whether block w runs on every iteration of
// l: it dominates each block inside l that jumps back to its test.
func dominatesLatches(w *ssa.BasicBlock, l counted) bool {
	for _, p := range l.test.Preds {
		if l.contains(p) && !w.Dominates(p) {
			return false
		}
	}
	return true
}
