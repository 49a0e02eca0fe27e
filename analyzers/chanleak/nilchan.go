package chanleak

import (
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/astutil"
	"github.com/concurlint/concurlint/internal/report"
)

// checkNil reports a send or receive outside a select on a channel that
// is certainly nil: a variable never assigned a channel. It blocks
// forever (a nil channel in a select only disables its case).
func (c *checker) checkNil(fn *ssa.Function) {
	if blocksForever(fn) {
		return
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var ch ssa.Value
			switch x := instr.(type) {
			case *ssa.Send:
				ch = x.Chan
			case *ssa.UnOp:
				if x.Op == token.ARROW {
					ch = x.X
				}
			}
			if ch == nil || !certainlyNil(ch) {
				continue
			}
			name := c.operandAt(instr.Pos())
			related := []analysis.RelatedInformation{report.Related(declaredAt(ch, instr.Pos()), "%s declared here and never assigned a channel", name)}
			c.reportf(instr, related, nil, "the function blocks forever on %s: it is a nil channel", name)
		}
	}
}

// blocksForever reports whether fn is a main function, where blocking
// forever on a channel nobody signals is a way to wait for the process
// to be killed.
func blocksForever(fn *ssa.Function) bool {
	return fn.Name() == "main" && fn.Signature.Recv() == nil && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// certainlyNil reports whether v is the nil channel: the constant, or
// a load of a local variable nothing stores a non-nil value in.
func certainlyNil(v ssa.Value) bool {
	if k, ok := v.(*ssa.Const); ok {
		return k.IsNil()
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, ref := range *cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if k, ok := ref.Val.(*ssa.Const); !ok || !k.IsNil() || ref.Addr != cell {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false // captured, or its address taken: assigned elsewhere
		}
	}
	return true
}

// declaredAt places the nil variable's declaration, or the operation.
func declaredAt(v ssa.Value, at token.Pos) token.Pos {
	if load, ok := v.(*ssa.UnOp); ok {
		if cell, ok := load.X.(*ssa.Alloc); ok && cell.Pos().IsValid() {
			return cell.Pos()
		}
	}
	return at
}

// operandAt names the channel operand of the send or receive at pos.
func (c *checker) operandAt(pos token.Pos) string {
	if name, ok := astutil.ChanOperand(c.pass.Files, pos); ok {
		return name
	}
	return "the channel"
}
