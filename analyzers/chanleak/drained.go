package chanleak

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// drained reports whether the maker, on every path on which it starts p
// and returns without failing, takes from the channels p sends on (the
// group: errC and done) as many values as it has started goroutines
// that send on them. Each such goroutine sends at most once in all on
// the group, nothing else sends on or closes its channels, so a value
// taken is a sender done: when the takes match the starts, every
// sender has sent and been received, p among them. A receive when
// every started sender has been received would wait forever; that
// path goes no further. The takes may come before p starts: a value
// the maker took from an earlier goroutine is not one it owes p (go a();
// <-errC; go b(); select { case <-done: case err := <-errC: t.Fatal(err) }).
func (c *checker) drained(ch *channel, p *party) bool {
	fn := ch.maker.fn
	g, ok := c.sendGroup(ch, p)
	if !ok {
		return false
	}
	type state struct {
		b       *ssa.BasicBlock
		pending int  // senders started less values taken
		started bool // p is started
	}
	first := state{b: fn.Blocks[0]}
	seen := map[state]bool{first: true}
	work := []state{first}
	for len(work) > 0 {
		st := work[len(work)-1]
		work = work[:len(work)-1]
		live := true
		for _, instr := range st.b.Instrs {
			if g.senders[instr] {
				st.pending++
				st.started = st.started || instr == p.spawn.Instr
			}
			if g.receives[instr] {
				if st.pending == 0 {
					live = false // waits forever: nobody left to send
					break
				}
				st.pending--
			}
		}
		if !live {
			continue
		}
		if _, ok := ssautil.ReturnOf(st.b); ok && st.b != fn.Recover && st.started && st.pending > 0 {
			return false
		}
		sel, i, isCase := hb.SelectCase(st.b)
		for _, s := range ssautil.Succs(st.b) {
			next := state{s, st.pending, st.started}
			if isCase && s == st.b.Succs[0] && g.cases[sel][i] {
				if next.pending == 0 {
					continue
				}
				next.pending--
			}
			if seen[next] || ssautil.EndsOrFails(s) {
				continue
			}
			seen[next] = true
			work = append(work, next)
		}
	}
	return true
}

// sendGroup is what drained counts: the starts of the goroutines that
// send on the group, and the maker's receives from it.
type sendGroup struct {
	senders  map[ssa.Instruction]bool
	receives map[ssa.Instruction]bool // plain receives
	cases    map[*ssa.Select]map[int]bool
}

// sendGroup collects the group of the channels p sends on, when each of
// its senders is started by the maker outside a loop and sends at most
// once in all on it, and the maker only receives from it.
func (c *checker) sendGroup(ch *channel, p *party) (sendGroup, bool) {
	fn := ch.maker.fn
	g := sendGroup{senders: map[ssa.Instruction]bool{}, receives: map[ssa.Instruction]bool{}, cases: map[*ssa.Select]map[int]bool{}}
	sends := map[ssa.Instruction][]ssa.Instruction{} // per start
	for _, other := range c.followed[fn] {
		if !sentOnBy(other, p) {
			continue
		}
		if other.maker.has(send) || other.maker.has(closeOp) {
			return g, false
		}
		for _, u := range other.maker.uses {
			switch {
			case u.kind != recv || u.via != nil:
			case u.state >= 0:
				sel := u.instr.(*ssa.Select)
				if g.cases[sel] == nil {
					g.cases[sel] = map[int]bool{}
				}
				g.cases[sel][u.state] = true
			default:
				g.receives[u.instr] = true
			}
		}
		for _, q := range other.bodies {
			if q.has(closeOp) {
				return g, false
			}
			if !q.has(send) {
				continue
			}
			start := q.spawn.Instr
			if start.Parent() != fn || ssautil.InLoop(start.Block()) {
				return g, false
			}
			g.senders[start] = true
			for _, u := range q.uses {
				if u.kind != send {
					continue
				}
				if u.via != nil || ssautil.InLoop(u.instr.Block()) {
					return g, false
				}
				sends[start] = append(sends[start], u.instr)
			}
		}
	}
	for _, list := range sends {
		for _, a := range list {
			for _, b := range list {
				if a != b && hb.Reaches(a, b) {
					return g, false // two sends in one run
				}
			}
		}
	}
	return g, len(g.senders) > 0
}

// sentOnBy reports whether p's goroutine sends on ch.
func sentOnBy(ch *channel, p *party) bool {
	for _, q := range ch.bodies {
		if q.spawn.Instr == p.spawn.Instr && q.has(send) {
			return true
		}
	}
	return false
}
