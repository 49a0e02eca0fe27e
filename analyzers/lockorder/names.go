package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

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
	if n.calls == nil {
		n.calls = map[token.Pos]*ast.CallExpr{}
		for _, f := range n.pass.Files {
			ast.Inspect(f, func(node ast.Node) bool {
				if call, ok := node.(*ast.CallExpr); ok {
					n.calls[call.Lparen] = call
				}
				return true
			})
		}
	}
	if call, ok := n.calls[pos]; ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			switch sel.Sel.Name {
			case "Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock":
				return types.ExprString(sel.X)
			}
		}
	}
	return ref.Name
}
