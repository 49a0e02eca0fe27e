package hb

import (
	"go/constant"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
)

// fewerSends reports whether a receive loop run a constant bound times
// takes every value the spawner's goroutines can send on the channel
// key: every party that sends on it or is handed it is a goroutine the
// spawner starts (s among them) that sends at most once, each started
// once or in a counted loop of constant bound entered once, and their
// sends add up to at most bound (for range 10 { go send() }; for range
// 10 { go send() }; for range 20 { <-done }). Goroutines started on
// exclusive branches are all counted: more sends than can happen.
func (x *Index) fewerSends(s spawn.Spawn, key string, bound ssa.Value) bool {
	n, ok := constInt(bound)
	if !ok {
		return false
	}
	fn := s.Instr.Parent()
	spawnFns := map[ssa.Value]bool{}
	var senders []spawn.Spawn
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if t, ok := x.spawns(instr); ok && t.Instr == instr {
				spawnFns[t.Fn] = true
				senders = append(senders, t)
			}
		}
	}
	var total int64
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
		total += times
		found = found || t.Instr == s.Instr
	}
	if !found || total > n {
		return false
	}
	return x.onlySenders(fn, key, func(instr ssa.Instruction) bool {
		_, spawned := x.spawns(instr)
		mc, ok := instr.(*ssa.MakeClosure)
		return spawned || ok && spawnFns[mc]
	})
}

// startsAtMost returns how many goroutines spawn t starts in one run of
// its spawner: one outside any loop, the bound of a counted loop of
// constant bound that runs it once per iteration and is entered once.
func startsAtMost(t spawn.Spawn) (int64, bool) {
	b := t.Instr.Block()
	if !InLoop(b) {
		return 1, true
	}
	for _, e := range b.Parent().Blocks {
		l, ok := countedLoop(e)
		if !ok || !l.contains(b) || !onceEach(b, e) || !l.enteredOnce() {
			continue
		}
		return constInt(l.bound)
	}
	return 0, false
}

func constInt(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c.Value)
}
