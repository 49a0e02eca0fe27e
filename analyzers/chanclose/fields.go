package chanclose

import (
	"go/token"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
)

// fieldOp is an operation of an exported method on a channel field of
// its receiver.
type fieldOp struct {
	op
	method *ssa.Function
}

// checkFields reports a channel field of a type that one exported
// method closes while another exported method, which can run at the
// same time, sends on it (grpc's WriteStatus and Write). Two exported
// methods run at the same time only if the type is meant for several
// goroutines, and many types are not (a builder fed, then finished, by
// one goroutine), so the code must show that the author expected the
// close to race with something: the close is made at most once by
// construction (sync.Once, a flag under a lock) and the package calls
// the sending method from a goroutine it starts, or the send is made in
// a select that also receives (a sender watching a shutdown signal). A
// close after a wait, or under a lock the send holds too, is left
// alone: the wait may be for the senders, the lock may guard a closed
// flag.
func (c *checker) checkFields(funcs []*ssa.Function) {
	var spawned map[*ssa.Function]bool
	byField := map[string][]fieldOp{}
	var fields []string
	for _, fn := range funcs {
		if fn.Signature.Recv() == nil || len(fn.Params) == 0 || fn.Synthetic != "" || !token.IsExported(fn.Name()) {
			continue
		}
		for _, o := range c.opsOf(fn) {
			o.ch = effects.Unspill(o.ch)
			if o.kind == recv || !locks.OfReceiver(o.ch) || o.ch.Class == "" || !locks.OwnField(o.ch.Path) {
				continue
			}
			if _, ok := byField[o.ch.Class]; !ok {
				fields = append(fields, o.ch.Class)
			}
			byField[o.ch.Class] = append(byField[o.ch.Class], fieldOp{o, fn})
		}
	}
	if len(fields) > 0 {
		spawned = c.calledFromGoroutines(funcs)
	}
	sort.Strings(fields)
	for _, field := range fields {
		c.checkField(byField[field], spawned)
	}
}

// checkField reports the first close of one field that a send in
// another method may follow.
func (c *checker) checkField(list []fieldOp, spawned map[*ssa.Function]bool) {
	for _, x := range list {
		if x.kind != closeOp || c.reported[x.instr] || c.waited(x.op) {
			continue
		}
		for _, y := range list {
			if y.kind != send || y.method == x.method || !(c.closedOnce(x.op) && spawned[y.method] || watched(y.op)) || c.sameClass(x.op, y.op) {
				continue
			}
			related := []analysis.RelatedInformation{report.Related(y.instr.Pos(), "%s sends on %s here", locks.ShortFunc(y.method), y.ch.Name())}
			if y.via != nil {
				related = append(related, report.Related(y.via.Pos(), "%s sent on here, inside the call", y.ch.Name()))
			}
			c.reportf(x.op, related, "channel %s is closed by %s while %s, which can run at the same time, sends on it: a send on a closed channel panics; stop the senders (or have them see a closed flag under a common lock) before closing",
				x.ch.Name(), locks.ShortFunc(x.method), locks.ShortFunc(y.method))
			return
		}
	}
}

// waited reports whether a wait precedes the close on every path, in
// its function or, for a close through a call, in the callee.
func (c *checker) waited(x op) bool {
	return effects.WaitedBefore(c.pass.Fset, x.instr) || (x.via != nil && x.via.Waited)
}

// opHeld returns the locks held at an operation, a callee's included.
func (c *checker) opHeld(o op) []locks.Held {
	held := c.heldAt(o.instr)
	if o.via != nil {
		held = append(held, o.via.Held...)
	}
	return held
}

// sameClass reports whether x and y hold a lock of one declaration (a
// receiver's mutex, a package mutex), or a wrapped lock whose identity
// is unknown.
func (c *checker) sameClass(x, y op) bool {
	for _, a := range c.opHeld(x) {
		for _, b := range c.opHeld(y) {
			if a.Wrapped || b.Wrapped || a.Ref.Class != "" && a.Ref.Class == b.Ref.Class {
				return true
			}
		}
	}
	return false
}

// closedOnce reports whether a close is made at most once by
// construction: in sync.Once.Do or under a lock, in its function or in
// the callee.
func (c *checker) closedOnce(x op) bool {
	return x.via != nil && x.via.Once || len(c.heldAt(x.instr)) > 0
}

// watched reports whether a send is made in a select that also
// receives, in its function or in the callee.
func watched(y op) bool {
	if y.via != nil {
		return y.via.Watched
	}
	return effects.Watches(y.instr)
}

// calledFromGoroutines returns the functions the package runs on
// goroutines it starts: the spawned bodies and what they call.
func (c *checker) calledFromGoroutines(funcs []*ssa.Function) map[*ssa.Function]bool {
	out := map[*ssa.Function]bool{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				s, ok := c.hb.Spawn(instr)
				if !ok || s.Body() == nil {
					continue
				}
				out[s.Body()] = true
				for _, bb := range s.Body().Blocks {
					for _, in := range bb.Instrs {
						if call, ok := in.(ssa.CallInstruction); ok {
							for _, callee := range c.effects.Callees(call) {
								out[callee] = true
							}
						}
					}
				}
			}
		}
	}
	return out
}
