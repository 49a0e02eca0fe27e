package hb

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// siblingExit reports whether a counted loop over l's bound that waits
// for s's signal across several channels ends only once every instance
// of s has sent: each instance of s sends at most once in all on the
// channels the loop receives from (fail on one, done on another), s is
// their only sender, it is started at most once per iteration of a
// loop over the same bound, and every iteration of l receives from one
// of them. The loop then takes bound values, every instance's one, and
// a send of after's can only come before it in each instance (for
// range n { go func() { if err != nil { fail <- x; return }; done <- y
// }() }; for range n { select { case <-fail: t.FailNow(); case <-done:
// } }).
func (x *Index) siblingExit(s spawn.Spawn, l counted, b *ssa.BasicBlock, after []ssa.Instruction) bool {
	if s.Body() == nil || !spawnedInLoop(s, l.bound, b) {
		return false
	}
	sent := x.sentKeys(s)
	received, ok := x.receivesFromEach(l, sent)
	if !ok {
		return false
	}
	sends, ok := x.sendsOnceOn(s, received)
	if !ok {
		return false
	}
	for _, a := range sends {
		for _, c := range after {
			if a != c && Reaches(a, c) {
				return false // after may run once the loop has its value
			}
		}
	}
	for key := range received {
		if !x.soleSender(s, key) || x.closes(s, key) {
			return false
		}
	}
	return true
}

// closes reports whether the spawner or the body of s closes the
// channel key: a receive from it then takes no value anyone sent.
func (x *Index) closes(s spawn.Spawn, key string) bool {
	for _, fn := range []*ssa.Function{s.Instr.Parent(), s.Body()} {
		for _, ch := range ssautil.Closes(fn) {
			if r, ok := Storage(x.fset, ch); ok && fn == s.Instr.Parent() && r.Key == key {
				return true
			}
			if k, ok := outerKey(x.fset, s, ch); ok && fn == s.Body() && k == key {
				return true
			}
		}
	}
	return false
}

// sentKeys names, in the spawner's terms, the channels the body of s
// sends on itself.
func (x *Index) sentKeys(s spawn.Spawn) map[string]bool {
	keys := map[string]bool{}
	for _, b := range s.Body().Blocks {
		for _, instr := range b.Instrs {
			if send, ok := instr.(*ssa.Send); ok {
				if key, ok := outerKey(x.fset, s, send.Chan); ok {
					keys[key] = true
				}
			}
		}
	}
	return keys
}

// receivesFromEach returns the channels of keys that loop l receives
// from, when every iteration receives from one of them: every path from
// the test back to it passes a plain receive or enters a select's
// receiving case on one of them.
func (x *Index) receivesFromEach(l counted, keys map[string]bool) (map[string]bool, bool) {
	received := map[string]bool{}
	receiving := map[*ssa.BasicBlock]bool{} // blocks with a plain receive
	cases := map[*ssa.BasicBlock]bool{}     // blocks whose true branch enters a receiving case
	for _, b := range l.test.Parent().Blocks {
		if !l.contains(b) {
			continue
		}
		for _, j := range x.block(b).joins {
			if !j.group && keys[j.key] {
				receiving[b], received[j.key] = true, true
			}
		}
		if sel, i, ok := SelectCase(b); ok && sel.States[i].Dir == types.RecvOnly {
			if r, ok := Storage(x.fset, sel.States[i].Chan); ok && keys[r.Key] {
				cases[b], received[r.Key] = true, true
			}
		}
	}
	if len(received) == 0 {
		return nil, false
	}
	// Search for an iteration that receives nothing: from the test's
	// true branch back to the test, through no receive.
	start := l.test.Succs[0]
	seen := map[*ssa.BasicBlock]bool{start: true}
	work := []*ssa.BasicBlock{start}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if receiving[b] {
			continue
		}
		for i, succ := range b.Succs {
			if i == 0 && cases[b] {
				continue
			}
			if succ == l.test {
				return nil, false
			}
			if !seen[succ] {
				seen[succ] = true
				work = append(work, succ)
			}
		}
	}
	return received, true
}

// panics reports whether block b ends the function by a panic.
func panics(b *ssa.BasicBlock) bool {
	if len(b.Succs) > 0 || len(b.Instrs) == 0 {
		return false
	}
	_, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	return ok
}
