package chanleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	concurast "github.com/concurlint/concurlint/internal/astutil"
)

var sprintf = fmt.Sprintf

// fixFor offers make(chan T) → make(chan T, 1) when that gives every
// pending send a slot: one sender, started once, sending once.
func fixFor(pass *analysis.Pass, ch *channel, senders []*party) []analysis.SuggestedFix {
	if n, counted := pendingSends(senders); ch.size != 0 || !counted || n != 1 {
		return nil
	}
	call := makeCall(pass, ch.made.Pos())
	if call == nil || len(call.Args) != 1 {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   "give the channel a slot for the pending send",
		TextEdits: []analysis.TextEdit{{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", 1")}},
	}}
}

// assignedTo names the variable or field the make call at lparen is
// assigned to, or "the channel".
func assignedTo(pass *analysis.Pass, lparen token.Pos) string {
	f := fileOf(pass, lparen)
	if f == nil {
		return "the channel"
	}
	path, _ := astutil.PathEnclosingInterval(f, lparen, lparen)
	for i, n := range path {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Lparen != lparen || i+1 >= len(path) {
			continue
		}
		switch parent := path[i+1].(type) {
		case *ast.AssignStmt:
			for j, rhs := range parent.Rhs {
				if rhs == call && j < len(parent.Lhs) && len(parent.Lhs) == len(parent.Rhs) {
					return types.ExprString(parent.Lhs[j])
				}
			}
		case *ast.ValueSpec:
			for j, v := range parent.Values {
				if v == call && j < len(parent.Names) {
					return parent.Names[j].Name
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := parent.Key.(*ast.Ident); ok && parent.Value == call {
				return id.Name
			}
		}
		break
	}
	return "the channel"
}

// fileOf returns the file holding pos.
func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	return concurast.FileOf(pass.Files, pos)
}

// makeCall finds the make call whose left parenthesis is at lparen.
func makeCall(pass *analysis.Pass, lparen token.Pos) *ast.CallExpr {
	f := fileOf(pass, lparen)
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, lparen, lparen)
	for _, n := range path {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == lparen {
			return call
		}
	}
	return nil
}
