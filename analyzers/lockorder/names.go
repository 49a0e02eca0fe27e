package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/locks"
)

// namer renders a lock the way the source spells it. The SSA model
// names instances from values, which for temporaries are registers
// ("t12.mu"); where a Lock call is written in this package, its
// receiver expression ("gws[0].mu") reads better.
type namer struct {
	pass  *analysis.Pass
	calls map[token.Pos]*ast.CallExpr // by Lparen, built on first use
}

func (n *namer) name(pos token.Pos, ref locks.Ref) string {
	return n.nameVia(pos, ref, nil)
}

// acquired names what an acquisition locks: for a lock taken inside a
// callee on one of its parameters, the argument as written plus the
// callee's field path ("fs" + ".mu").
func (n *namer) acquired(a locks.Acquisition) string {
	return n.nameVia(a.Pos, a.Ref, a.Effect)
}

func (n *namer) nameVia(pos token.Pos, ref locks.Ref, e *locks.Effect) string {
	if n.calls == nil {
		n.calls = map[token.Pos]*ast.CallExpr{}
		in := n.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			n.calls[call.Lparen] = call
		}
	}
	call, ok := n.calls[pos]
	if !ok {
		return ref.Name()
	}
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if e == nil {
		if isSel {
			switch sel.Sel.Name {
			case "Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock":
				return types.ExprString(sel.X)
			}
		}
		return ref.Name()
	}
	if e.Path.Root.Kind != access.Param {
		return ref.Name()
	}
	args := call.Args
	if isSel {
		if s := n.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			args = append([]ast.Expr{sel.X}, call.Args...)
		}
	}
	if e.Path.Root.Index < 0 || e.Path.Root.Index >= len(args) {
		return ref.Name()
	}
	arg := ast.Unparen(args[e.Path.Root.Index])
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = u.X
	}
	return types.ExprString(arg) + e.Path.Path().DisplaySteps()
}
