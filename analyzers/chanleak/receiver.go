package chanleak

import (
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// checkReceivers reports receives that wait for a partner that may
// never come: nothing sends on or closes the channel (no partner at
// all), the one party that does can return without it (an abandoned
// receiver), or a loop ranges over a channel nothing closes.
func (c *checker) checkReceivers(ch *channel) {
	parties := append([]*party{ch.maker}, ch.bodies...)
	var signallers []*party
	for _, p := range parties {
		if p.has(send) || p.has(closeOp) {
			signallers = append(signallers, p)
		}
	}
	for _, r := range parties {
		for _, u := range r.uses {
			if u.kind != recv || !u.blocking() {
				continue
			}
			switch {
			case len(signallers) == 0 && (blocksForever(r.fn) || unnamed(ch, u)):
				// <-make(chan struct{}) says "wait forever".
			case len(signallers) == 0:
				c.reportUse(u, c.startedAt(r, report.Related(ch.made.Pos(), "%s made here", ch.name())), nil,
					"%s blocks forever receiving from %s: nothing sends on it or closes it", who(r), ch.name())
			case waitsForClose(u):
				c.checkRange(ch, r, u, signallers)
			case !ssautil.InLoop(u.instr.Block()):
				c.checkSignal(ch, r, u, signallers)
			}
		}
	}
}

// unnamed reports whether the receive is the only use of a channel
// made for it on the spot: <-make(chan T).
func unnamed(ch *channel, u use) bool {
	refs := nonDebug(*ch.made.Referrers())
	return len(ch.values) == 1 && len(refs) == 1 && refs[0] == u.instr
}

// who names a party in messages.
func who(p *party) string {
	if p.spawn == nil {
		return "the function"
	}
	return p.spawn.Kind.String()
}

// startedAt adds to related where a body was started.
func (c *checker) startedAt(p *party, related ...analysis.RelatedInformation) []analysis.RelatedInformation {
	if p.spawn != nil {
		related = append(related, report.Related(p.spawn.Instr.Pos(), "%s started here", p.spawn.Kind))
	}
	return related
}

// waitsForClose recognises a receive that only a close ends: a range
// over the channel, or a receive in a loop that tests ok.
func waitsForClose(u use) bool {
	recv, ok := u.instr.(*ssa.UnOp)
	return ok && recv.CommaOk && ssautil.InLoop(recv.Block())
}

// checkRange reports a loop ranging over a channel that no party closes
// on every path, when the loop has no other way out: it blocks forever
// once the last value is sent.
func (c *checker) checkRange(ch *channel, r *party, u use, signallers []*party) {
	if otherExit(u.instr.(*ssa.UnOp)) {
		return
	}
	var closer *party
	for _, p := range signallers {
		if p.has(closeOp) {
			if closer != nil {
				return // several closers: left to chanclose
			}
			closer = p
		}
		if len(ssautil.Returns(p.fn)) == 0 {
			return // a sender that never returns keeps sending
		}
	}
	if closer == nil {
		c.reportUse(u, c.startedAt(r, report.Related(ch.made.Pos(), "%s made here", ch.name())), nil,
			"%s blocks forever ranging over %s: nothing closes it", who(r), ch.name())
		return
	}
	if closer == r || closer.spawn != nil && ssautil.InLoop(closer.spawn.Instr.Block()) || c.signalledBeforeGate(r, closer, u, closeOp) {
		return
	}
	if path := c.skipPathBut(closer, r, c.failingSends(ch, closer, r, u), closeOp); path != nil {
		c.reportUse(u, c.startedAt(r, c.returnsWithout(path, ch, "closing")), nil,
			"%s blocks forever ranging over %s when %s returns without closing it", who(r), ch.name(), partyName(closer))
	}
}

// checkSignal reports a single receive whose one partner can return
// without sending or closing.
func (c *checker) checkSignal(ch *channel, r *party, u use, signallers []*party) {
	if len(signallers) != 1 {
		return
	}
	q := signallers[0]
	if q == r || q.spawn != nil && ssautil.InLoop(q.spawn.Instr.Block()) || c.signalledBeforeGate(r, q, u, closeOp) {
		return
	}
	if soleReceiver(ch, r) && c.signalledBeforeGate(r, q, u, send) {
		return // the value waits for r (or q never signals the gate)
	}
	if path := c.skipPathBut(q, r, c.failingSends(ch, q, r, u), send, closeOp); path != nil {
		c.reportUse(u, c.startedAt(r, c.returnsWithout(path, ch, "sending on or closing")), nil,
			"%s blocks forever receiving from %s when %s returns without sending on it or closing it", who(r), ch.name(), partyName(q))
	}
}

// partyName names the partner in messages.
func partyName(p *party) string {
	if p.spawn == nil {
		return "the function that made it"
	}
	return "the " + p.spawn.Kind.String() + " started at line " + itoa(p.spawn.Instr)
}

// skipPath returns a path through q, from its start (for the maker,
// the spawn of the receiving body r), to a return that makes none of
// q's operations of kinds, or nil. A loop that makes one counts as
// making it (a path that skips its body is not reported), and so does
// a select with a case that makes it.
func (c *checker) skipPath(q, r *party, kinds ...opKind) []*ssa.BasicBlock {
	return c.skipPathBut(q, r, nil, kinds...)
}

// skipPathBut is skipPath where the blocks of also end a path too (a
// path through them is not one to report).
func (c *checker) skipPathBut(q, r *party, also map[*ssa.BasicBlock]bool, kinds ...opKind) []*ssa.BasicBlock {
	makes := map[*ssa.BasicBlock]bool{}
	for b := range also {
		makes[b] = true
	}
	for _, u := range q.uses {
		for _, k := range kinds {
			if u.kind == k {
				makes[u.instr.Block()] = true
			}
		}
	}
	enter := func(b *ssa.BasicBlock) bool { return !makes[b] && !cycleWith(b, makes) }
	start := q.fn.Blocks[0]
	if q.spawn == nil {
		if r.spawn == nil {
			return nil
		}
		start = r.spawn.Instr.Block()
		for _, u := range q.uses {
			// Made before the start on every path (a close, then the
			// workers that range over the channel), or deferred
			// before it (made at every return).
			if hb.Before(u.instr, r.spawn.Instr) && makesAny(q, u.instr, kinds) {
				return nil
			}
		}
		for _, instr := range start.Instrs[ssautil.Index(r.spawn.Instr)+1:] {
			if makesAny(q, instr, kinds) {
				return nil
			}
		}
	} else if !enter(start) {
		return nil
	}
	return returnPath(start, enter, nil)
}

// makesAny reports whether instr is one of p's operations of kinds.
func makesAny(p *party, instr ssa.Instruction, kinds []opKind) bool {
	for _, u := range p.uses {
		for _, k := range kinds {
			if u.instr == instr && u.kind == k {
				return true
			}
		}
	}
	return false
}

// returnsWithout locates the return a partner leaves by.
func (c *checker) returnsWithout(path []*ssa.BasicBlock, ch *channel, doing string) analysis.RelatedInformation {
	return report.Related(ssautil.ReturnPos(returnAt(path)), "the partner returns here without %s %s", doing, ch.name())
}

// otherExit reports whether the function can return from the loop
// around recv other than when the channel is closed: a break, a return
// in the body.
func otherExit(recv *ssa.UnOp) bool {
	b := recv.Block()
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return true
	}
	okv, isExtract := iff.Cond.(*ssa.Extract)
	if !isExtract || okv.Tuple != recv || okv.Index != 1 {
		return true
	}
	closed := b.Succs[1]
	if ssautil.Reaches(b.Succs[0], closed, map[*ssa.BasicBlock]bool{b: true}) {
		return true // a break out of the loop
	}
	return returnPath(b.Succs[0], func(x *ssa.BasicBlock) bool { return x != b && x != closed }, nil) != nil
}

// itoa is the line of an instruction, for messages.
func itoa(instr ssa.Instruction) string {
	return lineOf(instr.Parent().Prog.Fset, instr.Pos())
}

func lineOf(fset *token.FileSet, pos token.Pos) string {
	return sprintf("%d", fset.Position(pos).Line)
}
