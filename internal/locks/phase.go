package locks

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Phases of a run loop. A body that closes a channel of its object as
// it returns, and is the only code that closes it,
//
//	func (s *Session) recvLoop() error {
//		defer close(s.recvDoneCh)
//		...
//	}
//
// has returned once a method of the object has received from that
// channel (`<-s.recvDoneCh`, a join): what the body runs (the functions
// reached only through its calls) is over by then. An edge formed
// after the join, between locks of the object, and one formed only
// inside the body cannot be under way at once: they close no deadlock.
// The edges carry the marks "ended B" and "during B", which the
// lock-order check pairs (Apart); they are not gates of their own.
//
// Like the single-goroutine gate, this reasons per object at the level
// of classes: the body runs on its object's run loop, and the joining
// method's first lock is a field of that object; a lock of another
// object's class reached inside the body is taken to be of the same
// object's family (its streams, say), not of another object's.

const (
	endedPrefix  = "ended "
	duringPrefix = "during "
)

// phases is what the package's closing bodies tell about its functions.
type phases struct {
	fset   *token.FileSet
	closer map[string]*ssa.Function   // the body closing the channel, by class
	keys   map[string]string          // the closed channel's key, by class
	during map[*ssa.Function][]string // the bodies a function runs inside only
}

// newPhases finds the bodies that close a channel of their object on
// return, and the functions that run only inside each.
func newPhases(fset *token.FileSet, g *graph, single map[*ssa.Function]confined) *phases {
	p := &phases{fset: fset, closer: map[string]*ssa.Function{}, keys: map[string]string{}, during: map[*ssa.Function][]string{}}
	closes := map[string]int{}
	for _, fn := range g.funcs {
		for call, ch := range ssautil.Closes(fn) {
			ref, ok := access.Storage(fset, ch)
			if !ok || ref.Class == "" {
				continue
			}
			closes[ref.Class]++
			if closesOnReturn(fn, call, ref) && single[fn].root != nil {
				p.closer[ref.Class], p.keys[ref.Class] = fn, ref.Key
			}
		}
	}
	for class, body := range p.closer {
		if closes[class] != 1 {
			delete(p.closer, class)
			continue
		}
		in := map[*ssa.Function]confined{body: {root: body, loop: body.Signature.Recv().Type(), owned: true}}
		g.propagate(g.funcs, in)
		for fn, c := range in {
			if c.root == body {
				p.during[fn] = append(p.during[fn], ShortFunc(body))
			}
		}
	}
	return p
}

// closesOnReturn reports whether instr, in fn, is a method's first
// deferred call, made on entry, closing a channel in an unexported
// field of the receiver: the last thing fn does, on every return.
func closesOnReturn(fn *ssa.Function, instr ssa.Instruction, ref Ref) bool {
	d, ok := instr.(*ssa.Defer)
	if !ok || fn.Parent() != nil || fn.Signature.Recv() == nil || d.Block() != fn.Blocks[0] || !ownField(ref) {
		return false
	}
	for _, x := range fn.Blocks[0].Instrs {
		if _, ok := x.(*ssa.Defer); ok {
			return x == instr
		}
	}
	return false
}

// ownField reports whether ref is an unexported field of the
// function's receiver, which other packages cannot close or replace.
func ownField(ref Ref) bool {
	fields, ok := ref.Path.Fields()
	return ok && len(fields) > 0 && ref.Path.Root.Kind == access.Param && ref.Path.Root.Index == 0 &&
		!ast.IsExported(fields[len(fields)-1])
}

// marks returns the phase marks of the edge from h to a in fl: "during
// B" when fl runs only inside the body B, "ended B" when the receiver's
// lock h was taken after a receive that joins B.
func (p *phases) marks(fl *FuncFlow, h Held, a Acquisition) []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, b := range p.during[fl.Fn] {
		out = append(out, duringPrefix+b)
	}
	if ended := p.joined(fl, h); ended != "" {
		out = append(out, endedPrefix+ended)
	}
	return out
}

// joined returns the body whose channel fl received from before taking
// h, a lock of its receiver: "" when none.
func (p *phases) joined(fl *FuncFlow, h Held) string {
	fn := fl.Fn
	if len(p.closer) == 0 || fn.Parent() != nil || fn.Signature.Recv() == nil || h.Entry || !ownField(h.Ref) {
		return ""
	}
	i := slices.IndexFunc(fl.Acquisitions, func(a Acquisition) bool { return a.Pos == h.Pos && a.Ref.Key == h.Ref.Key })
	if i < 0 || fl.Acquisitions[i].Instr == nil {
		return ""
	}
	at := fl.Acquisitions[i].Instr
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			recv, ok := instr.(*ssa.UnOp)
			if !ok || recv.Op != token.ARROW || !before(recv, at) {
				continue
			}
			ref, ok := access.Storage(p.fset, recv.X)
			if !ok || ref.Class == "" || p.closer[ref.Class] == nil || p.keys[ref.Class] != ref.Key {
				continue
			}
			return ShortFunc(p.closer[ref.Class])
		}
	}
	return ""
}

// before reports whether x runs before y on every path to y, both in
// one function.
func before(x, y ssa.Instruction) bool {
	if x.Block() != y.Block() {
		return x.Block().Dominates(y.Block())
	}
	for _, instr := range x.Block().Instrs {
		switch instr {
		case x:
			return true
		case y:
			return false
		}
	}
	return false
}

// Apart reports whether a cycle pairs an edge formed only inside a
// body with one formed after a join of that body: the two are never
// under way at once.
func Apart(edges []Edge) bool {
	for _, e := range edges {
		for _, g := range e.Gates {
			body, ok := strings.CutPrefix(g, endedPrefix)
			if !ok {
				continue
			}
			for _, o := range edges {
				if slices.Contains(o.Gates, duringPrefix+body) {
					return true
				}
			}
		}
	}
	return false
}

// IsPhaseMark reports whether a gate is a phase mark, which keeps no
// two sections apart by itself.
func IsPhaseMark(gate string) bool {
	return strings.HasPrefix(gate, endedPrefix) || strings.HasPrefix(gate, duringPrefix)
}
