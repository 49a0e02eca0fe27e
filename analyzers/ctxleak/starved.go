package ctxleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// A goroutine stranded on a receive: it has a context in scope and
// receives from a channel with no select, while every send on that
// channel in the package is made in a select that gives up on
// ctx.Done(), and nothing closes it. Once the context is cancelled the
// senders leave and the goroutine waits forever:
//
//	go func() { <-r.ch }() // stranded after cancel
//	...
//	select {
//	case r.ch <- v:
//	case <-ctx.Done():
//		return
//	}

// chanUses is what the package does with the channels of one class.
type chanUses struct {
	watchedSends int  // sends in a select that also waits on ctx.Done()
	other        bool // a bare send, a close, or a use we cannot follow
	unfollowed   bool // a close, or a use we cannot follow
	receives     int
	// unbuffered counts the stores of a fresh unbuffered channel;
	// otherStores is set for any other store.
	unbuffered  int
	otherStores bool
}

// classUses gathers, per channel class (a field or a local variable),
// the package's sends and closes, and marks classes whose channels go
// where we cannot follow them (passed to calls, returned, converted).
func (c *checker) classUses(funcs []*ssa.Function) map[string]*chanUses {
	out := map[string]*chanUses{}
	get := func(class string) *chanUses {
		u := out[class]
		if u == nil {
			u = &chanUses{}
			out[class] = u
		}
		return u
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, d := range effects.DirectOps(instr) {
					class := access.ValueClass(c.pass.Fset, d.Value)
					if class == "" {
						continue
					}
					u := get(class)
					switch d.Kind {
					case effects.ChanSend:
						if sel, ok := instr.(*ssa.Select); ok && watchesDone(sel) {
							u.watchedSends++
						} else {
							u.other = true
						}
					case effects.ChanRecv:
						u.receives++
					case effects.ChanClose:
						u.other, u.unfollowed = true, true
					case effects.ChanAssign:
						if mc, ok := instr.(*ssa.Store).Val.(*ssa.MakeChan); ok && ssautil.Unbuffered(mc) {
							u.unbuffered++
						} else {
							u.otherStores = true
						}
					}
				}
				c.markEscapes(instr, get)
			}
		}
	}
	return out
}

// markEscapes marks the class of a channel value instr hands somewhere
// other than a channel operation: a call (but len and cap), a return,
// a conversion, a store into another place, a closure's capture is
// followed through the closure's own uses.
func (c *checker) markEscapes(instr ssa.Instruction, get func(string) *chanUses) {
	switch instr := instr.(type) {
	case *ssa.Send, *ssa.Select, *ssa.DebugRef, *ssa.MakeClosure, *ssa.UnOp, *ssa.If, *ssa.Jump, *ssa.Extract:
		return
	case *ssa.Store:
		// A channel stored into a place of another class goes there,
		// where its uses are that class's: a field, another variable,
		// the result slot go/ssa returns through when the function
		// defers (a returned channel's receivers are its callers').
		if _, ok := instr.Val.Type().Underlying().(*types.Chan); ok {
			from := access.ValueClass(c.pass.Fset, instr.Val)
			if to, ok := hb.Storage(c.pass.Fset, instr.Addr); from != "" && (!ok || to.Class != from) {
				get(from).other, get(from).unfollowed = true, true
			}
		}
		return
	}
	if call, ok := instr.(ssa.CallInstruction); ok {
		if b, ok := call.Common().Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap" || b.Name() == "close") {
			return
		}
	}
	var ops []*ssa.Value
	for _, op := range instr.Operands(ops[:0]) {
		if op == nil || *op == nil {
			continue
		}
		if _, ok := (*op).Type().Underlying().(*types.Chan); !ok {
			continue
		}
		if class := access.ValueClass(c.pass.Fset, *op); class != "" {
			get(class).other, get(class).unfollowed = true, true
		}
	}
}

// watchesDone reports whether a select has a case receiving from a
// context's Done channel.
func watchesDone(sel *ssa.Select) bool {
	for _, st := range sel.States {
		if st.Dir == types.RecvOnly && isDoneCall(st.Chan) {
			return true
		}
	}
	return false
}

// isDoneCall reports whether v is the result of calling Done on a
// context.Context.
func isDoneCall(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	common := call.Common()
	if common.IsInvoke() {
		return common.Method.Name() == "Done" && ssautil.IsContext(common.Value.Type())
	}
	if fn := common.StaticCallee(); fn != nil && fn.Name() == "Done" && fn.Signature.Recv() != nil {
		return ssautil.IsContext(fn.Signature.Recv().Type())
	}
	return false
}

// checkStarved reports the bare receives in the body of spawn s (a
// goroutine with a context in scope) from a channel whose every send
// gives up on ctx.Done() and which nothing closes.
func (c *checker) checkStarved(body *ssa.Function, spawnAt token.Pos, uses map[string]*chanUses) {
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			recv, ok := instr.(*ssa.UnOp)
			if !ok || recv.Op != token.ARROW {
				continue
			}
			class := access.ValueClass(c.pass.Fset, recv.X)
			u := uses[class]
			if u == nil || exportedClass(class) || u.other || u.watchedSends == 0 {
				continue
			}
			report.Report(c.pass, analysis.Diagnostic{
				Pos:     recv.Pos(),
				Message: "the goroutine can block forever receiving from " + chanDisplay(c.pass.Fset, recv.X) + ": every send on it gives up on ctx.Done() and nothing closes it, so once the context is cancelled nothing arrives; select on ctx.Done() here too",
				Related: []analysis.RelatedInformation{
					report.Related(spawnAt, "goroutine started here"),
				},
			})
		}
	}
}

// chanDisplay names a channel value for a message: the variable it
// is bound to in the source, else its field, else its class.
func chanDisplay(fset *token.FileSet, v ssa.Value) string {
	if refs := v.Referrers(); refs != nil {
		for _, r := range *refs {
			if d, ok := r.(*ssa.DebugRef); ok {
				if id, ok := d.Expr.(*ast.Ident); ok {
					return id.Name
				}
			}
		}
	}
	if r, ok := hb.Storage(fset, v); ok && r.Class != "" {
		return r.Name
	}
	return "an element of " + strings.TrimSuffix(locks.ShortClass(access.ValueClass(fset, v)), "[]")
}

// exportedClass reports whether a class names an exported field or
// package variable: code in other packages may send on it or close it.
func exportedClass(class string) bool {
	if strings.HasPrefix(class, access.LocalPrefix) {
		return false
	}
	class = strings.TrimRight(class, "[]")
	if i := strings.LastIndexByte(class, '.'); i >= 0 {
		class = class[i+1:]
	}
	return token.IsExported(class)
}

// checkUnreceived reports the bare sends in a goroutine's body on a
// channel nothing can receive from: every channel stored in its
// variable or field is made unbuffered here, nothing in the package
// receives from it or closes it, and it never leaves the package's
// sight (it is unexported, never returned, passed or stored elsewhere).
// The send blocks forever, and its context cannot wake it.
func (c *checker) checkUnreceived(body *ssa.Function, spawnAt token.Pos, uses map[string]*chanUses) {
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			snd, ok := instr.(*ssa.Send)
			if !ok {
				continue
			}
			class := access.ValueClass(c.pass.Fset, snd.Chan)
			u := uses[class]
			if u == nil || exportedClass(class) || u.unfollowed || u.receives > 0 || u.unbuffered == 0 || u.otherStores {
				continue
			}
			report.Report(c.pass, analysis.Diagnostic{
				Pos: snd.Pos(),
				Message: "the goroutine blocks forever sending on " + chanDisplay(c.pass.Fset, snd.Chan) +
					": it is made unbuffered and nothing in the package receives from it (it is never returned or handed on); receive from it, or select on ctx.Done() around the send",
				Related: []analysis.RelatedInformation{
					report.Related(spawnAt, "goroutine started here"),
				},
			})
		}
	}
}
