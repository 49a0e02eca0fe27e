package hb

import (
	"go/constant"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
)

// fewerSends reports whether a receive loop run bound times takes
// every value the spawner's goroutines can send on the channel key:
// every party that sends on it or is handed it is a goroutine the
// spawner starts (s among them) that sends at most once, each started
// once or in a counted loop entered once, and their sends add up to at
// most bound (for range 10 { go send() }; for range 10 { go send() };
// for range 20 { <-done }). Counts need not be constants: two
// goroutines started alone and n in loops are 2+n (linear).
// Goroutines started on exclusive branches are all counted: more sends
// than can happen.
// Code that runs only once the loop is left (its block cannot reach
// the loop's test, block test) sends nothing the loop takes: a
// goroutine started or a callback handed the channel after the loop is
// not counted.
func (x *Index) fewerSends(s spawn.Spawn, key string, bound ssa.Value, test *ssa.BasicBlock) bool {
	n := linearOf(bound)
	fn := s.Instr.Parent()
	spawnFns := map[ssa.Value]bool{}
	var senders []spawn.Spawn
	for _, b := range fn.Blocks {
		if !reaches(b, test) {
			continue // runs only after the loop
		}
		for _, instr := range b.Instrs {
			if t, ok := x.spawns(instr); ok && t.Instr == instr {
				spawnFns[t.Fn] = true
				senders = append(senders, t)
			}
		}
	}
	var total linear
	found := false
	for _, t := range senders {
		mc, _ := t.Fn.(*ssa.MakeClosure)
		if !x.passes(t.Instr, key, nil) && (mc == nil || !x.passes(mc, key, nil)) {
			continue
		}
		times, ok := startsAtMost(t)
		if !ok || !x.sendsOnce(t, key) {
			return false
		}
		total = total.plus(times)
		found = found || t.Instr == s.Instr
	}
	if !found || !total.atMost(n) {
		return false
	}
	return x.onlySenders(fn, key, func(instr ssa.Instruction) bool {
		_, spawned := x.spawns(instr)
		mc, ok := instr.(*ssa.MakeClosure)
		return spawned || ok && spawnFns[mc] || !reaches(instr.Block(), test)
	})
}

// startsAtMost returns how many goroutines spawn t starts in one run of
// its spawner: one outside any loop, the trip count of a counted loop
// that runs it once per iteration and is entered once.
func startsAtMost(t spawn.Spawn) (linear, bool) {
	b := t.Instr.Block()
	if !InLoop(b) {
		return constLinear(1), true
	}
	if len(b.Parent().Blocks) > maxCountedBlocks {
		return linear{}, false
	}
	for _, e := range b.Parent().Blocks {
		l, n, ok := tripCount(e)
		if !ok || !l.contains(b) || !onceEach(b, e) || !l.enteredOnce() {
			continue
		}
		return n, true
	}
	return linear{}, false
}

func constInt(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c.Value)
}
