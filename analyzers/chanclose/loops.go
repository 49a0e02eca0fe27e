package chanclose

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/report"
)

// checkLoopCloses reports a close made on every pass of a loop that
// nothing leaves after the close: if the loop comes round again, the
// next pass closes the same channel a second time. The channel must be
// the same on every pass: named without an index that changes, never
// reassigned, and made before the loop.
func (c *checker) checkLoopCloses(fn *ssa.Function) {
	var reassigned map[string]bool
	for _, x := range c.opsOf(fn) {
		if x.kind != closeOp || x.deferred || x.via != nil || c.reported[x.instr] || dynamic(x) {
			continue
		}
		b := x.instr.Block()
		header, body := enclosingLoop(b)
		if header == nil || definedIn(x.ch.Path.Value(), body) || !everyPass(b, header, body) || !staysInLoop(b, header, body) || flagGuarded(header, body) {
			continue
		}
		if reassigned == nil {
			reassigned = c.reassigned(fn)
		}
		if reassignedAt(reassigned, x.ch) {
			continue
		}
		c.reportf(x, []analysis.RelatedInformation{report.Related(loopPos(fn, header, x.instr.Pos()), "the loop comes round here and runs the close again")}, "%s is closed on every pass of this loop, and nothing leaves the loop after the close: a second pass closes it again, and closing a closed channel panics; close it once after the loop, or leave the loop once it is closed",
			x.ch.Name())
	}
}

// dynamic reports whether the channel is picked by an index that may
// change from pass to pass (close(chans[i])), or has no path.
func dynamic(x op) bool {
	if x.ch.Path.Value() == nil {
		return true
	}
	for _, s := range x.ch.Path.Steps {
		if s.Dynamic {
			return true
		}
	}
	return false
}

// enclosingLoop returns the header and the blocks of the innermost
// natural loop holding b: the nearest dominator of b (b included) with
// a back edge from a block that b's loop body holds.
func enclosingLoop(b *ssa.BasicBlock) (*ssa.BasicBlock, map[*ssa.BasicBlock]bool) {
	for h := b; h != nil; h = h.Idom() {
		body := loopBody(h)
		if body[b] {
			return h, body
		}
	}
	return nil, nil
}

// loopBody returns the blocks of the natural loops headed by h: h and
// the blocks that reach one of its back edges without passing h.
func loopBody(h *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	var stack []*ssa.BasicBlock
	for _, p := range h.Preds {
		if h.Dominates(p) {
			stack = append(stack, p)
		}
	}
	if len(stack) == 0 {
		return nil
	}
	body := map[*ssa.BasicBlock]bool{h: true}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if body[n] {
			continue
		}
		body[n] = true
		stack = append(stack, n.Preds...)
	}
	return body
}

// definedIn reports whether v is made inside the loop: a fresh value on
// each pass.
func definedIn(v ssa.Value, body map[*ssa.BasicBlock]bool) bool {
	instr, ok := v.(ssa.Instruction)
	return ok && instr.Block() != nil && body[instr.Block()]
}

// everyPass reports whether b runs on every pass that comes round: it
// dominates each back edge into the header.
func everyPass(b, header *ssa.BasicBlock, body map[*ssa.BasicBlock]bool) bool {
	for _, p := range header.Preds {
		if body[p] && !b.Dominates(p) {
			return false
		}
	}
	return true
}

// staysInLoop reports whether every path from b reaches the header
// without leaving the loop (no break, return or panic after the close).
func staysInLoop(b, header *ssa.BasicBlock, body map[*ssa.BasicBlock]bool) bool {
	seen := map[*ssa.BasicBlock]bool{}
	stack := []*ssa.BasicBlock{b}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(n.Succs) == 0 {
			return false
		}
		for _, s := range n.Succs {
			if s == header {
				continue
			}
			if !body[s] {
				return false
			}
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return true
}

// flagGuarded reports whether the loop's condition reads a value the
// loop sets to a constant on its way round (for !closed { ...; closed =
// true }): the flag, not the close, decides whether there is another
// pass.
func flagGuarded(header *ssa.BasicBlock, body map[*ssa.BasicBlock]bool) bool {
	ifs, ok := header.Instrs[len(header.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cond := ifs.Cond
	if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
		cond = not.X
	}
	if load, ok := cond.(*ssa.UnOp); ok && load.Op == token.MUL {
		return storesConst(body) // a flag kept in a field or a captured variable
	}
	phi, ok := cond.(*ssa.Phi)
	if !ok || phi.Block() != header {
		return false
	}
	for i, e := range phi.Edges {
		if _, isConst := e.(*ssa.Const); isConst && body[header.Preds[i]] {
			return true
		}
	}
	return false
}

// storesConst reports whether the loop stores a constant anywhere: a
// flag its condition may read.
func storesConst(body map[*ssa.BasicBlock]bool) bool {
	for b := range body {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				if _, isConst := st.Val.(*ssa.Const); isConst {
					return true
				}
			}
		}
	}
	return false
}

// loopPos returns the position of the innermost for statement of fn
// around pos, else that of the loop header's first instruction that has
// one, else pos.
func loopPos(fn *ssa.Function, header *ssa.BasicBlock, pos token.Pos) token.Pos {
	at := token.NoPos
	if syntax := fn.Syntax(); syntax != nil {
		ast.Inspect(syntax, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				if n.Pos() <= pos && pos < n.End() {
					at = n.Pos()
				}
			}
			return n == nil || n.Pos() <= pos && pos < n.End()
		})
	}
	if at.IsValid() {
		return at
	}
	for _, instr := range header.Instrs {
		if instr.Pos().IsValid() {
			return instr.Pos()
		}
	}
	return pos
}
