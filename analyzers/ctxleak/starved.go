package ctxleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/astutil"
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
// A channel made on the spot and stored into a class (a reply channel
// in a request struct: &req{resp: out}) is one channel with the
// register it was made in: what the function does with out (receives
// from it, hands it on) is done to the class, and the two share their
// uses.
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
	links := classLinks{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, d := range effects.DirectOps(instr) {
					class := c.chanClass(d.Value)
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
				c.markEscapes(instr, get, links)
			}
		}
	}
	return links.merge(out)
}

// madePrefix starts the class of a channel that lives only in the
// register it was made in: "local make@" and the make's position. It is a local
// class: never exported.
const madePrefix = access.LocalPrefix + "make@"

// chanClass is ValueClass, and for a channel made on the spot and held
// in a register (out := make(chan T), never captured) a class of its
// own, so that the register's uses can be joined to the class it is
// stored into.
func (c *checker) chanClass(v ssa.Value) string {
	if class := access.ValueClass(c.pass.Fset, v); class != "" {
		return class
	}
	if mc, ok := v.(*ssa.MakeChan); ok && mc.Pos().IsValid() {
		return madePrefix + strconv.Itoa(int(mc.Pos())) // one class per make, even on one line
	}
	return ""
}

// classLinks joins classes that hold the same channels (union-find on
// class names).
type classLinks map[string]string

func (l classLinks) find(class string) string {
	for {
		up, ok := l[class]
		if !ok || up == class {
			return class
		}
		l[class] = l[up] // halve the path
		class = up
	}
}

func (l classLinks) union(a, b string) {
	if ra, rb := l.find(a), l.find(b); ra != rb {
		l[ra] = rb
	}
}

// merge sums the uses of linked classes: each class of a group then
// answers with the whole group's uses.
func (l classLinks) merge(uses map[string]*chanUses) map[string]*chanUses {
	if len(l) == 0 {
		return uses
	}
	groups := map[string]*chanUses{}
	for class, u := range uses {
		root := l.find(class)
		g := groups[root]
		if g == nil {
			g = &chanUses{}
			groups[root] = g
		}
		g.watchedSends += u.watchedSends
		g.receives += u.receives
		g.unbuffered += u.unbuffered
		g.other = g.other || u.other
		g.unfollowed = g.unfollowed || u.unfollowed
		g.otherStores = g.otherStores || u.otherStores
	}
	out := make(map[string]*chanUses, len(uses))
	for class := range uses {
		out[class] = groups[l.find(class)]
	}
	return out
}

// markEscapes marks the class of a channel value instr hands somewhere
// other than a channel operation: a call (but len and cap), a return,
// a conversion, a store into another place, a closure's capture is
// followed through the closure's own uses.
func (c *checker) markEscapes(instr ssa.Instruction, get func(string) *chanUses, links classLinks) {
	switch instr := instr.(type) {
	case *ssa.Send:
		c.markSent(instr.X, get) // a channel of channels: the one sent goes on
		return
	case *ssa.Select:
		for _, st := range instr.States {
			if st.Dir == types.SendOnly {
				c.markSent(st.Send, get)
			}
		}
		return
	case *ssa.DebugRef, *ssa.MakeClosure, *ssa.UnOp, *ssa.If, *ssa.Jump, *ssa.Extract:
		return
	case *ssa.Store:
		// A channel stored into a place of another class goes there,
		// where its uses are that class's: a field, another variable,
		// the result slot go/ssa returns through when the function
		// defers (a returned channel's receivers are its callers').
		// A channel made on the spot is that class's channel: its
		// register's uses join the class's.
		if _, ok := instr.Val.Type().Underlying().(*types.Chan); ok {
			from := c.chanClass(instr.Val)
			to, ok := hb.Storage(c.pass.Fset, instr.Addr)
			switch {
			case from == "" || ok && to.Class == from:
			case ok && to.Class != "" && strings.HasPrefix(from, madePrefix):
				links.union(from, to.Class)
			default:
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
		if class := c.chanClass(*op); class != "" {
			get(class).other, get(class).unfollowed = true, true
		}
	}
}

// markSent marks the class of a channel sent as a value on another
// channel: its receiver may receive from it or close it.
func (c *checker) markSent(v ssa.Value, get func(string) *chanUses) {
	if _, ok := v.Type().Underlying().(*types.Chan); !ok {
		return
	}
	if class := c.chanClass(v); class != "" {
		get(class).other, get(class).unfollowed = true, true
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
				Message: "the goroutine can block forever receiving from " + c.chanDisplay(recv.X, recv.Pos()) + ": every send on it gives up on ctx.Done() and nothing closes it, so once the context is cancelled nothing arrives; select on ctx.Done() here too",
				Related: []analysis.RelatedInformation{
					report.Related(spawnAt, "goroutine started here"),
				},
			})
		}
	}
}

// chanDisplay names the channel of the send or receive at pos for a
// message: the variable it is bound to, else its field, else its
// class. A field reached from a register (a request received from a
// channel: case req := <-reqs) is named as the source writes it
// ("req.resp", not "t24.resp").
func (c *checker) chanDisplay(v ssa.Value, pos token.Pos) string {
	fset := c.pass.Fset
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
		if r.Path.Root.Kind == access.Local {
			if name, ok := astutil.ChanOperand(c.pass.Files, pos); ok {
				return name
			}
		}
		return r.Name()
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
				Message: "the goroutine blocks forever sending on " + c.chanDisplay(snd.Chan, snd.Pos()) +
					": it is made unbuffered and nothing in the package receives from it (it is never returned or handed on); receive from it, or select on ctx.Done() around the send",
				Related: []analysis.RelatedInformation{
					report.Related(spawnAt, "goroutine started here"),
				},
			})
		}
	}
}
