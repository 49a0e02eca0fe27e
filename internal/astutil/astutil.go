// Package astutil answers small questions about syntax that several
// analyzers ask, so that each is written once.
package astutil

import (
	"go/ast"
	"go/types"
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

// Any reports whether some node of files satisfies match: the cheap
// syntactic gate a pass takes before it asks for SSA. It stops at the
// first match. It walks the syntax itself rather than through the
// inspect pass, whose index of a large package costs more to build (a
// tenth of a second and a quarter of a gigabyte of allocations on
// nats-server's tests) than the few walks concurlint's passes make.
func Any(files []*ast.File, match func(ast.Node) bool) bool {
	found := false
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if found || n == nil {
				return false
			}
			found = match(n)
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// AnyCall reports whether some call in files satisfies match, as Any.
func AnyCall(files []*ast.File, match func(*ast.CallExpr) bool) bool {
	return Any(files, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		return ok && match(call)
	})
}
