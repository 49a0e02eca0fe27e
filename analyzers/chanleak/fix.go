package chanleak

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

var sprintf = fmt.Sprintf

// fixFor offers make(chan T) → make(chan T, 1) when that gives every
// pending send a slot: one sender, started once, sending once.
func fixFor(pass *analysis.Pass, ch *channel, senders []*party) []analysis.SuggestedFix {
	if ch.size != 0 || len(senders) != 1 || len(blockingSends(senders[0])) != 1 || noRoomWith(ch, senders, 1) {
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

// noRoomWith is noRoom for a buffer of size.
func noRoomWith(ch *channel, senders []*party, size int64) bool {
	c := *ch
	c.size = size
	return noRoom(&c, senders)
}

// makeCall finds the make call whose left parenthesis is at lparen.
func makeCall(pass *analysis.Pass, lparen token.Pos) *ast.CallExpr {
	for _, f := range pass.Files {
		if f.FileStart > lparen || lparen > f.FileEnd {
			continue
		}
		var found *ast.CallExpr
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && call.Lparen == lparen {
				found = call
			}
			return found == nil
		})
		return found
	}
	return nil
}
