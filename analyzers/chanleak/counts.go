package chanleak

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// countedTest reports whether the edge from → to leaves a receive loop
// by the loop's own test, a test that reads what the loop writes when
// it receives from p: the receiver counts what its sender sends and
// leaves when it has all it expects (for !allReceived() { select {
// case n := <-notes: count[n.ID]++ ... } }), not abandoning a send it
// still waits for. A test that reads none of it (i < b.N) counts
// nothing the sender does: leaving by it may strand a send.
func (c *checker) countedTest(ch *channel, p *party, from, to *ssa.BasicBlock) bool {
	if len(from.Succs) != 2 || len(from.Instrs) == 0 || !ssautil.InLoop(from) || ssautil.Reaches(to, from, nil) {
		return false
	}
	if _, _, isCase := hb.SelectCase(from); isCase {
		return false
	}
	iff, ok := from.Instrs[len(from.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	written := c.writtenOnReceive(ch, p, from)
	return len(written) > 0 && c.reads(iff.Cond, written)
}

// writtenOnReceive lists the storage classes that the loop around
// block head writes in the cases (or after the plain receives) that
// take a value p sends.
func (c *checker) writtenOnReceive(ch *channel, p *party, head *ssa.BasicBlock) map[string]bool {
	forward, backward := reach(head, func(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Succs }), reach(head, func(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Preds })
	inLoop := func(b *ssa.BasicBlock) bool { return forward[b] && backward[b] }
	written := map[string]bool{}
	for _, b := range head.Parent().Blocks {
		if !inLoop(b) {
			continue
		}
		if sel, i, ok := hb.SelectCase(b); ok && sel.States[i].Dir == types.RecvOnly && c.sentBy(ch, p, sel.States[i].Chan) {
			c.writesUnder(b.Succs[0], 0, inLoop, written)
		}
		for j, instr := range b.Instrs {
			if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW && c.sentBy(ch, p, recv.X) {
				c.writesUnder(b, j+1, inLoop, written)
			}
		}
	}
	return written
}

// reach returns the blocks reachable from b along next, b included.
func reach(b *ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	seen := map[*ssa.BasicBlock]bool{b: true}
	work := []*ssa.BasicBlock{b}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, y := range next(x) {
			if !seen[y] {
				seen[y] = true
				work = append(work, y)
			}
		}
	}
	return seen
}

// writesUnder adds the classes written from instruction i of block top
// on, and in the loop's blocks top dominates.
func (c *checker) writesUnder(top *ssa.BasicBlock, i int, inLoop func(*ssa.BasicBlock) bool, written map[string]bool) {
	for _, b := range top.Parent().Blocks {
		if !inLoop(b) || !top.Dominates(b) {
			continue
		}
		instrs := b.Instrs
		if b == top {
			instrs = instrs[i:]
		}
		for _, instr := range instrs {
			var target ssa.Value
			switch instr := instr.(type) {
			case *ssa.Store:
				target = instr.Addr
			case *ssa.MapUpdate:
				target = instr.Map
			default:
				continue
			}
			if ref, ok := hb.Storage(c.pass.Fset, target); ok && ref.Class != "" {
				written[ref.Class] = true
			}
		}
	}
}

// sentBy reports whether v holds ch or another channel the maker made
// that p's goroutine sends on.
func (c *checker) sentBy(ch *channel, p *party, v ssa.Value) bool {
	if slices.Contains(ch.values, v) {
		return true
	}
	other, ok := c.channelHolding(ch.maker.fn, v)
	if !ok {
		return false
	}
	for _, q := range other.bodies {
		if q.spawn.Instr == p.spawn.Instr && q.has(send) {
			return true
		}
	}
	return false
}

// channelHolding returns the channel fn makes, with every use, that v
// holds in fn.
func (c *checker) channelHolding(fn *ssa.Function, v ssa.Value) (*channel, bool) {
	list, ok := c.followed[fn]
	if !ok {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if m, ok := instr.(*ssa.MakeChan); ok {
					if ch, ok := c.follow(fn, m); ok {
						list = append(list, ch)
					}
				}
			}
		}
		c.followed[fn] = list
	}
	for _, ch := range list {
		if slices.Contains(ch.values, v) {
			return ch, true
		}
	}
	return nil, false
}

// reads reports whether the value v is computed from a load of one of
// the classes, or from a call of a function of the package that loads
// one (a closure over the counts).
func (c *checker) reads(v ssa.Value, classes map[string]bool) bool {
	seen := map[ssa.Value]bool{}
	var visit func(v ssa.Value, depth int) bool
	visit = func(v ssa.Value, depth int) bool {
		if v == nil || seen[v] || depth > 8 {
			return false
		}
		seen[v] = true
		if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL && c.loadsOf(load, classes) {
			return true
		}
		if call, ok := v.(*ssa.Call); ok {
			if fn := call.Call.StaticCallee(); fn != nil && fn.Pkg != nil && fn.Pkg.Pkg == c.pass.Pkg && c.funcLoads(fn, classes) {
				return true
			}
		}
		instr, ok := v.(ssa.Instruction)
		if !ok {
			return false
		}
		for _, op := range instr.Operands(nil) {
			if op != nil && visit(*op, depth+1) {
				return true
			}
		}
		return false
	}
	return visit(v, 0)
}

// loadsOf reports whether load reads one of the classes.
func (c *checker) loadsOf(load *ssa.UnOp, classes map[string]bool) bool {
	ref, ok := hb.Storage(c.pass.Fset, load)
	return ok && classes[ref.Class]
}

// funcLoads reports whether fn loads one of the classes.
func (c *checker) funcLoads(fn *ssa.Function, classes map[string]bool) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if load, ok := instr.(*ssa.UnOp); ok && load.Op == token.MUL && c.loadsOf(load, classes) {
				return true
			}
		}
	}
	return false
}
