package chanleak

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// checkSender reports an abandoned sender: a body that sends on the
// channel with no room left while the maker, its only receiver, can
// return without receiving.
func (c *checker) checkSender(ch *channel) {
	if !ch.maker.has(recv) || ch.maker.has(send) {
		return
	}
	var senders []*party
	for _, p := range ch.bodies {
		if p.has(recv) {
			return // another receiver: it may take the value
		}
		if len(blockingSends(p)) > 0 {
			senders = append(senders, p)
		}
	}
	if len(senders) == 0 || !noRoom(ch, senders) {
		return
	}
	need := receiptsNeeded(ch, senders)
	for _, p := range senders {
		if ssautil.HasContext(p.fn) {
			continue // a goroutine given a context that it ignores: ctxleak's report
		}
		path := c.leavingPath(ch, p, blockingSends(p), need)
		if path == nil || conditionalLeave(ch, path) || c.drained(ch, p) {
			continue
		}
		name := ch.name()
		related := []analysis.RelatedInformation{
			c.leaves(ch, path, name),
			report.Related(p.spawn.Instr.Pos(), "%s started here", p.spawn.Kind),
		}
		for _, u := range blockingSends(p) {
			if !mayFindFull(ch, senders, p, u) {
				continue
			}
			c.reportUse(u, related, fixFor(c.pass, ch, senders), "%s blocks forever sending on %s when its receiver leaves without receiving: %s", p.spawn.Kind, name, roomOf(ch))
		}
	}
}

// mayFindFull reports whether send u of sender p can find the buffer
// full: at least size other sends can be pending before it, those of p
// that can come before it and all of the other senders'.
func mayFindFull(ch *channel, senders []*party, p *party, u use) bool {
	if ch.size == 0 {
		return true
	}
	var others []*party
	for _, q := range senders {
		if q != p && together(p, q) {
			others = append(others, q)
		}
	}
	n, counted := pendingSends(others)
	if !counted || ssautil.InLoop(p.spawn.Instr.Block()) || ssautil.InLoop(u.instr.Block()) {
		return true
	}
	for _, v := range blockingSends(p) {
		if v.instr != u.instr && hb.Reaches(v.instr, u.instr) {
			n++
		}
	}
	return n >= ch.size
}

// receiptsNeeded is how many values the receiver must take before it
// leaves for every send to find room: the sends that can be pending
// less the buffer's slots, for a buffer and a count of sends. For an
// unbuffered channel one receipt, as a receive of the maker's own is
// hb's join of the body that sent.
func receiptsNeeded(ch *channel, senders []*party) int64 {
	n, counted := pendingSends(senders)
	if ch.size <= 0 || !counted {
		return 1
	}
	return max(n-ch.size, 1)
}

// roomOf describes why a send waits for a receiver.
func roomOf(ch *channel) string {
	if ch.size == 0 {
		return "the channel is unbuffered"
	}
	return "the channel has no free slot"
}

// blockingSends lists a party's sends that wait for a receiver alone.
func blockingSends(p *party) []use {
	var out []use
	for _, u := range p.uses {
		if u.kind == send && u.blocking() {
			out = append(out, u)
		}
	}
	return out
}

// noRoom reports whether the channel's buffer may be full when a sender
// sends: it has fewer slots than the sends that can be pending. A
// buffer of unknown size, or any buffer against a number of sends that
// cannot be counted (a spawn or a send in a loop), is taken to be
// large enough.
func noRoom(ch *channel, senders []*party) bool {
	if ch.size < 0 {
		return false
	}
	n, counted := pendingSends(senders)
	if !counted {
		return ch.size == 0
	}
	return ch.size < n
}

// pendingSends counts the sends that can wait for a receiver at once;
// counted is false when a spawn or a send is repeated in a loop.
// Senders started on exclusive paths of the maker (an if and its else)
// never run in one call: the most any one run starts counts.
func pendingSends(senders []*party) (n int64, counted bool) {
	per := make([]int64, len(senders))
	for i, p := range senders {
		if ssautil.InLoop(p.spawn.Instr.Block()) {
			return 0, false
		}
		sends := blockingSends(p)
		for _, u := range sends {
			if ssautil.InLoop(u.instr.Block()) {
				return 0, false
			}
		}
		per[i] = onOnePath(sends)
	}
	for i, p := range senders {
		total := per[i]
		for j, q := range senders {
			if j != i && together(p, q) {
				total += per[j]
			}
		}
		n = max(n, total)
	}
	return n, true
}

// together reports whether two senders can both be started in one run
// of the maker: one spawn can follow the other.
func together(p, q *party) bool {
	return hb.Reaches(p.spawn.Instr, q.spawn.Instr) || hb.Reaches(q.spawn.Instr, p.spawn.Instr)
}

// onOnePath counts the sends one run of a body can make: the most on
// one path, the longest chain of sends each of which can follow the
// last (an if and its else count one; an error send that returns, then
// a short-write send and a final one, count two). No send is in a
// loop (pendingSends), so no two sends follow each other.
func onOnePath(sends []use) int64 {
	longest := make([]int64, len(sends)) // the longest chain ending at sends[i]; 0: not yet known
	var chain func(i int) int64
	chain = func(i int) int64 {
		if longest[i] == 0 {
			longest[i] = 1
			for j, u := range sends {
				if j != i && u.instr != sends[i].instr && hb.Reaches(u.instr, sends[i].instr) {
					longest[i] = max(longest[i], chain(j)+1)
				}
			}
		}
		return longest[i]
	}
	var n int64
	for i := range sends {
		n = max(n, chain(i))
	}
	return n
}

// leavingPath returns a path of blocks from the spawn of p to a return
// of the maker that does not wait for p's sends (hb's region of the
// maker that may run while the body runs), or nil. need is how many
// values the maker must take on the way for none of the senders to be
// left without room: a path through calls that take so many (receipts)
// is no way out.
func (c *checker) leavingPath(ch *channel, p *party, sends []use, need int64) []*ssa.BasicBlock {
	var after []ssa.Instruction
	for _, u := range sends {
		after = append(after, u.instr)
	}
	region := c.hb.LeavingAfter(*p.spawn, after)
	// hb sees the maker's own receives; the values its callees take
	// are counted along the path.
	taken := c.receipts(ch)
	start := p.spawn.Instr.Block()
	t := tally{need: need, gain: func(b *ssa.BasicBlock) int64 { return taken[b].all }}
	for _, r := range taken[start].calls {
		if hb.Before(p.spawn.Instr, r.call) {
			t.from += r.n
		}
	}
	// Goroutines started in a loop share the channel when the spawn
	// repeats without the make running again.
	spawnBlock, makeBlock := start, ch.made.Block()
	counted := spawnBlock != makeBlock && ssautil.Reaches(spawnBlock, spawnBlock, map[*ssa.BasicBlock]bool{makeBlock: true})
	return returnPathTally(start, t, func(from, b *ssa.BasicBlock) bool {
		if counted && endsReceiveLoop(ch, from, b) || receivingCase(ch, from, b) || c.countedTest(ch, p, from, b) {
			return false
		}
		return region.Enters(b)
	}, func(ret *ssa.Return) bool { return region.Contains(ret) })
}

// receipt is a call of the maker's that takes n values from the
// channel before it returns.
type receipt struct {
	call ssa.Instruction
	n    int64
}

// blockReceipts are the receipts of one block, and their sum.
type blockReceipts struct {
	calls []receipt
	all   int64
}

// receipts lists, per block of the maker, its calls that take values
// from the channel: at least hb.Receipts of them, and one from a
// callee that receives on every path outside a select.
func (c *checker) receipts(ch *channel) map[*ssa.BasicBlock]blockReceipts {
	byCall := map[ssa.Instruction]int64{}
	var order []ssa.Instruction
	for _, u := range ch.maker.uses {
		if u.via == nil || u.kind != recv {
			continue
		}
		n, seen := byCall[u.instr]
		if !seen {
			order = append(order, u.instr)
			call := u.instr.(ssa.CallInstruction)
			for i, a := range call.Common().Args {
				if slices.Contains(ch.values, ssautil.ChanValue(a)) || slices.Contains(ch.values, a) {
					n = max(n, hb.ReceiptsLeaving(call, i, c.exits(ch, call)))
				}
			}
		}
		if !u.via.May && !u.via.Select {
			n = max(n, 1)
		}
		byCall[u.instr] = n
	}
	out := map[*ssa.BasicBlock]blockReceipts{}
	for _, call := range order {
		if n := byCall[call]; n > 0 {
			r := out[call.Block()]
			r.calls = append(r.calls, receipt{call, n})
			r.all = min(r.all+n, hb.Never)
			out[call.Block()] = r
		}
	}
	return out
}

// conditionalLeave reports whether the path leaves a select on the
// channel, run in a loop, by a test that could go round again instead:
// the loop counts what its cases receive, and may have received from
// the channel on another pass (for { select { case <-a: n++; case <-ch:
// n++ }; if n == 2 { return } }). A case that leaves outright (return,
// break) is still a way out.
//
// Only a loop whose passes receive from the same senders counts: one
// that makes the channel again, or starts a sender again, receives
// from new ones on its next pass, and the sender it leaves is left for
// good (a test case loop around make, go, select).
func conditionalLeave(ch *channel, path []*ssa.BasicBlock) bool {
	for i, b := range path[:len(path)-1] {
		sel, _, ok := hb.SelectCase(b)
		if !ok || !selects(sel, ch) {
			continue
		}
		renew := renewals(ch)
		if renew[sel.Block()] {
			return false
		}
		for _, later := range path[i+1:] {
			if _, _, isCase := hb.SelectCase(later); isCase || len(later.Succs) < 2 {
				continue
			}
			for _, s := range later.Succs {
				if s == sel.Block() || !renew[s] && ssautil.Reaches(s, sel.Block(), renew) {
					return true
				}
			}
		}
		return false
	}
	return false
}

// renewals returns the blocks that make the channel or start one of
// its senders.
func renewals(ch *channel) map[*ssa.BasicBlock]bool {
	renew := map[*ssa.BasicBlock]bool{ch.made.Block(): true}
	for _, p := range ch.bodies {
		renew[p.spawn.Instr.Block()] = true
	}
	return renew
}

// receivingCase reports whether the edge from → to enters a select's
// case that receives from the channel: the receiver took the value
// there, whatever blocks the case shares with the other cases later.
func receivingCase(ch *channel, from, to *ssa.BasicBlock) bool {
	sel, i, ok := hb.SelectCase(from)
	return ok && to == from.Succs[0] && sel.States[i].Dir == types.RecvOnly && slices.Contains(ch.values, sel.States[i].Chan)
}

// endsReceiveLoop reports whether the edge from → to is the normal end
// of a loop of the maker that receives from the channel: from is in the
// loop and comes before the receive on every iteration (the loop's
// test), to is outside. For goroutines started in a loop, a receive
// loop that runs to its end is taken to receive once per goroutine (the
// bounds are often two loads of one field that hb cannot equate); an
// exit from the body (a break, a return after a receive) still leaves.
func endsReceiveLoop(ch *channel, from, to *ssa.BasicBlock) bool {
	for _, u := range ch.maker.uses {
		if u.kind != recv {
			continue
		}
		rb := u.instr.Block()
		inLoop := func(b *ssa.BasicBlock) bool {
			return b == rb || ssautil.Reaches(b, rb, nil) && ssautil.Reaches(rb, b, nil)
		}
		if _, _, isCase := hb.SelectCase(from); isCase || from == rb {
			continue // leaving by a select's case, not by the loop's test
		}
		if inLoop(from) && !inLoop(to) && from.Dominates(rb) {
			return true
		}
	}
	return false
}

// leaves locates where the maker leaves without receiving: the other
// case of a select it takes, or its return.
func (c *checker) leaves(ch *channel, path []*ssa.BasicBlock, name string) analysis.RelatedInformation {
	for i, b := range path[:len(path)-1] {
		sel, state, ok := hb.SelectCase(b)
		if !ok || !selects(sel, ch) {
			continue
		}
		if b.Succs[0] == path[i+1] {
			return report.Related(sel.States[state].Pos, "the receiver takes this case instead and never receives from %s", name)
		}
		if !sel.Blocking && !hasLaterCase(path[i+1]) {
			return report.Related(sel.Pos(), "the receiver takes the select's default instead and never receives from %s", name)
		}
	}
	return report.Related(ssautil.ReturnPos(returnAt(path)), "the receiver returns here without receiving from %s", name)
}

// hasLaterCase reports whether b goes on testing select cases.
func hasLaterCase(b *ssa.BasicBlock) bool {
	_, _, ok := hb.SelectCase(b)
	return ok
}

// selects reports whether sel has a case on the channel.
func selects(sel *ssa.Select, ch *channel) bool {
	for _, u := range ch.maker.uses {
		if u.instr == sel {
			return true
		}
	}
	return false
}

// reportUse reports at an operation; one a callee makes is reported at
// the call and also points at the callee's operation.
func (c *checker) reportUse(u use, related []analysis.RelatedInformation, fixes []analysis.SuggestedFix, format string, args ...any) {
	if u.via != nil {
		verb := map[opKind]string{send: "sent on", recv: "received from", closeOp: "closed"}[u.kind]
		related = append(related[:len(related):len(related)], report.Related(u.via.Pos(), "%s here, inside the call", verb))
	}
	c.reportf(u.instr, related, fixes, format, args...)
}

// reportf reports once per operation. An operation in a synctest
// bubble that blocks forever fails its test (ssautil.InBubble): only a
// failing test leaves it blocked, which is not worth a report.
func (c *checker) reportf(instr ssa.Instruction, related []analysis.RelatedInformation, fixes []analysis.SuggestedFix, format string, args ...any) {
	if c.reported[instr] || ssautil.InBubble(instr.Parent()) {
		return
	}
	c.reported[instr] = true
	report.Report(c.pass, analysis.Diagnostic{Pos: instr.Pos(), Message: sprintf(format, args...), Related: related, SuggestedFixes: fixes})
}
