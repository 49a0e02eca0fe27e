package astutil

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// FileOf returns the file of files that holds pos, or nil.
func FileOf(files []*ast.File, pos token.Pos) *ast.File {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// ChanOperand names the channel of the send statement or receive
// expression at pos (go/ssa places both at their arrow) as the source
// writes it: "preq.resp", "w.result". SSA names a value held in a
// register by the register ("t180.resp"), which means nothing to a
// reader.
func ChanOperand(files []*ast.File, pos token.Pos) (string, bool) {
	f := FileOf(files, pos)
	if f == nil || !pos.IsValid() {
		return "", false
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.SendStmt:
			return types.ExprString(n.Chan), true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				return types.ExprString(n.X), true
			}
		}
	}
	return "", false
}
