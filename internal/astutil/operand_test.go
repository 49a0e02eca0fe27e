package astutil_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"

	"github.com/concurlint/concurlint/internal/astutil"
)

const operandSrc = `package p

type req struct{ resp chan int }

func f(reqs chan *req, done chan bool) {
	r := <-reqs
	r.resp <- 1
	<-done
}
`

// TestChanOperand names the channel of each send and receive as the
// source writes it, and finds nothing at a position that is neither.
func TestChanOperand(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", operandSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	files := []*ast.File{f}
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			name, _ := astutil.ChanOperand(files, n.Arrow)
			got = append(got, name)
		case *ast.UnaryExpr:
			name, _ := astutil.ChanOperand(files, n.OpPos)
			got = append(got, name)
		}
		return true
	})
	if want := []string{"reqs", "r.resp", "done"}; !slices.Equal(got, want) {
		t.Errorf("ChanOperand named %q, want %q", got, want)
	}
	if name, ok := astutil.ChanOperand(files, f.Package); ok {
		t.Errorf("ChanOperand at the package clause = %q, want none", name)
	}
	if astutil.FileOf(files, token.NoPos) != nil {
		t.Error("FileOf(NoPos) found a file")
	}
}
