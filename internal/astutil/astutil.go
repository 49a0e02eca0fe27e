// Package astutil answers small questions about syntax that several
// analyzers ask, so that each is written once.
package astutil

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// IsBuiltinCall reports whether call calls the builtin function name
// (close, panic, ...), however parenthesised, and not a user function
// that shadows it.
func IsBuiltinCall(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// AnyCall reports whether some call in the package satisfies match: the
// cheap syntactic gate a pass takes before it builds SSA. It stops at
// the first match.
func AnyCall(in *inspector.Inspector, match func(*ast.CallExpr) bool) bool {
	for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
		if match(cur.Node().(*ast.CallExpr)) {
			return true
		}
	}
	return false
}
