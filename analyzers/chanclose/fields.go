package chanclose

import (
	"go/token"
	"go/types"
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
// methods of a type run at the same time only if the type is meant for
// several goroutines, so the type must show it: it holds a sync value
// (a mutex, a WaitGroup, a Once), or the sending method also watches
// another channel of the receiver (a shutdown signal). A close after a
// wait, or under a lock the send holds too, is left alone: the wait may
// be for the senders, the lock may guard a closed flag.
func (c *checker) checkFields(funcs []*ssa.Function) {
	byField := map[string][]fieldOp{}
	var fields []string
	for _, fn := range funcs {
		if fn.Signature.Recv() == nil || len(fn.Params) == 0 || fn.Synthetic != "" || !token.IsExported(fn.Name()) {
			continue
		}
		for _, o := range c.opsOf(fn) {
			o.ch = effects.Unspill(o.ch)
			if o.kind == recv || o.ch.RootKind != locks.RootParam || o.ch.Index != 0 || o.ch.Class == "" || !locks.OwnField(o.ch.Path) {
				continue
			}
			if _, ok := byField[o.ch.Class]; !ok {
				fields = append(fields, o.ch.Class)
			}
			byField[o.ch.Class] = append(byField[o.ch.Class], fieldOp{o, fn})
		}
	}
	sort.Strings(fields)
	for _, field := range fields {
		c.checkField(byField[field])
	}
}

// checkField reports the first close of one field that a send in
// another method may follow.
func (c *checker) checkField(list []fieldOp) {
	for _, x := range list {
		if x.kind != closeOp || c.reported[x.instr] || c.waited(x.op) {
			continue
		}
		for _, y := range list {
			if y.kind != send || y.method == x.method || !coordinates(y.method, c.opsOf(y.method), y.ch.Path) || c.sameClass(x.op, y.op) {
				continue
			}
			related := []analysis.RelatedInformation{report.Related(y.instr.Pos(), "%s sends on %s here", locks.ShortFunc(y.method), y.ch.Name)}
			if y.via != nil {
				related = append(related, report.Related(y.via.Pos(), "%s sent on here, inside the call", y.ch.Name))
			}
			c.reportf(x.op, related, "channel %s is closed by %s while %s, which can run at the same time, sends on it: a send on a closed channel panics; stop the senders (or have them see a closed flag under a common lock) before closing",
				x.ch.Name, locks.ShortFunc(x.method), locks.ShortFunc(y.method))
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

// coordinates reports whether the sending method's type is built for
// several goroutines: a field of a sync type, or the method receiving
// from another channel field of the receiver.
func coordinates(method *ssa.Function, ops []op, path string) bool {
	for _, o := range ops {
		o.ch = effects.Unspill(o.ch)
		if o.kind == recv && o.ch.RootKind == locks.RootParam && o.ch.Index == 0 && locks.OwnField(o.ch.Path) && o.ch.Path != path {
			return true
		}
	}
	ptr, ok := method.Params[0].Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	st, ok := ptr.Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		t := st.Field(i).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if named, ok := types.Unalias(t).(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" {
			return true
		}
	}
	return false
}
