package astutil_test

import (
	"go/ast"
	"go/token"
	"testing"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/concurlint/concurlint/internal/astutil"
	"github.com/concurlint/concurlint/internal/ssatest"
)

const src = `package p

func f(c chan int) {
	(close)(c)
	panic("x")
}

func g(c chan int) {
	close := func(chan int) {}
	close(c)
}
`

func TestBuiltinCalls(t *testing.T) {
	fset := token.NewFileSet()
	_, info, files, err := ssatest.Check(fset, "p", nil, ssatest.Source{Name: "p.go", Src: src})
	if err != nil {
		t.Fatal(err)
	}
	in := inspector.New(files)
	var closes, panics []int
	for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		line := fset.Position(call.Pos()).Line
		if astutil.IsBuiltinCall(info, call, "close") {
			closes = append(closes, line)
		}
		if astutil.IsBuiltinCall(info, call, "panic") {
			panics = append(panics, line)
		}
	}
	// The parenthesised close is the builtin; the local function named
	// close is not.
	if len(closes) != 1 || closes[0] != 4 || len(panics) != 1 || panics[0] != 5 {
		t.Errorf("builtin close at lines %v, panic at %v; want [4] and [5]", closes, panics)
	}
	if !astutil.AnyCall(in, func(call *ast.CallExpr) bool { return astutil.IsBuiltinCall(info, call, "panic") }) {
		t.Error("AnyCall found no panic")
	}
	if astutil.AnyCall(in, func(call *ast.CallExpr) bool { return astutil.IsBuiltinCall(info, call, "delete") }) {
		t.Error("AnyCall found a delete")
	}
}

// TestEarlier checks that positions order by file name, then offset,
// whatever order the files were added to the FileSet in.
func TestEarlier(t *testing.T) {
	fset := token.NewFileSet()
	b := fset.AddFile("b.go", -1, 100) // added first: smaller token.Pos
	a := fset.AddFile("a.go", -1, 100)
	for _, tc := range []struct {
		x, y token.Pos
		want bool
	}{
		{a.Pos(50), b.Pos(10), true},
		{b.Pos(10), a.Pos(50), false},
		{a.Pos(10), a.Pos(50), true},
		{a.Pos(50), a.Pos(50), false},
	} {
		if got := astutil.Earlier(fset, tc.x, tc.y); got != tc.want {
			t.Errorf("Earlier(%v, %v) = %v, want %v", fset.Position(tc.x), fset.Position(tc.y), got, tc.want)
		}
	}
}
