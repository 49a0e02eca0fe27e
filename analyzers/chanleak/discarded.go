package chanleak

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/report"
)

// returned is a channel a function makes, starts goroutines sending
// on, and returns without receiving from it: its caller is the only
// receiver there can be.
type returned struct {
	ch      *channel
	index   int // the result the channel is
	senders []*party
}

// noteReturned records a function returning a channel its goroutines
// send on with no room, when nothing else receives from it.
func (c *checker) noteReturned(ch *channel) {
	if len(ch.maker.returned) != 1 || ch.maker.has(recv) || ch.maker.has(send) {
		return
	}
	var senders []*party
	for _, p := range ch.bodies {
		if p.has(recv) {
			return
		}
		if len(blockingSends(p)) > 0 {
			senders = append(senders, p)
		}
	}
	if len(senders) == 0 || !noRoom(ch, senders) {
		return
	}
	if _, dup := c.returns[ch.maker.fn]; dup {
		delete(c.returns, ch.maker.fn) // two such channels: keep it simple
		return
	}
	c.returns[ch.maker.fn] = returned{ch: ch, index: ch.maker.returned[0], senders: senders}
}

// checkDiscarded reports calls that drop such a channel: nobody can
// ever receive from it, so the goroutines block forever.
func (c *checker) checkDiscarded(funcs []*ssa.Function) {
	if len(c.returns) == 0 {
		return
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil {
					continue
				}
				r, ok := c.returns[callee]
				if !ok || !dropped(call, r.index) {
					continue
				}
				p := r.senders[0]
				related := []analysis.RelatedInformation{
					report.Related(blockingSends(p)[0].instr.Pos(), "%s sends on it here", p.spawn.Kind),
					report.Related(p.spawn.Instr.Pos(), "%s started here", p.spawn.Kind),
				}
				c.reportf(call, related, nil, "the channel %s returns is dropped: the %s it started blocks forever sending on it", callee.Name(), p.spawn.Kind)
			}
		}
	}
}

// dropped reports whether the call's result index is never used.
func dropped(call *ssa.Call, index int) bool {
	refs := *call.Referrers()
	if call.Call.Signature().Results().Len() == 1 {
		return len(nonDebug(refs)) == 0
	}
	for _, ref := range refs {
		if ext, ok := ref.(*ssa.Extract); ok && ext.Index == index {
			return false
		}
	}
	return true
}

// nonDebug drops debug references.
func nonDebug(refs []ssa.Instruction) []ssa.Instruction {
	var out []ssa.Instruction
	for _, r := range refs {
		if _, ok := r.(*ssa.DebugRef); !ok {
			out = append(out, r)
		}
	}
	return out
}
