package ctxleak

import (
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/spawn"
)

// insteadOf lists the channels the body of s sends on in place of key:
// it sends once on one or the other, never both (an error channel and a
// result channel: `if err != nil { errCh <- err; return }; connCh <- c`).
// Only the body sends on them and the spawner starts it once per
// channel, so a spawner that receives from one of them has taken what
// the body sent, and leaving then strands nothing.
func (c *checker) insteadOf(fn *ssa.Function, s spawn.Spawn, key string, sends map[string]send, locals map[string]*ssa.MakeChan, eff *effects.Result) []string {
	snd := sends[key]
	if snd.repeated || !onceFor(s, locals[key]) {
		return nil
	}
	var out []string
	for other, o := range sends {
		mc, local := locals[other]
		if other == key || !local || o.repeated || !onceFor(s, mc) || !apart(snd.sites, o.sites) || c.spawnerSends(fn, other, s, eff) {
			continue
		}
		out = append(out, other)
	}
	sort.Strings(out)
	return out
}

// onceFor reports whether s starts its body at most once per channel
// made by mc.
func onceFor(s spawn.Spawn, mc *ssa.MakeChan) bool {
	return mc != nil && spawnsPerChannel(s, mc).AtMost(1)
}

// apart reports whether no instruction of as can run after one of bs in
// one run of their function, nor the other way round.
func apart(as, bs []ssa.Instruction) bool {
	for _, a := range as {
		for _, b := range bs {
			if hb.Reaches(a, b) || hb.Reaches(b, a) {
				return false
			}
		}
	}
	return true
}

// spawnerSends reports whether fn sends on key itself or in a call
// (other than the spawn s).
func (c *checker) spawnerSends(fn *ssa.Function, key string, s spawn.Spawn, eff *effects.Result) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if instr == s.Instr {
				continue
			}
			for _, d := range effects.DirectOps(instr) {
				if r, ok := hb.Storage(c.pass.Fset, d.Value); ok && r.Key == key && d.Kind == effects.ChanSend {
					return true
				}
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			for _, op := range eff.AtKinds(call, effects.ChanKinds) {
				if op.Ref.Key == key && op.Kind == effects.ChanSend {
					return true
				}
			}
		}
	}
	return false
}
