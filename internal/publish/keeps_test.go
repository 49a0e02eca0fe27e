package publish_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/concurlint/concurlint/internal/publish"
)

const keepsSrc = `package k

type T struct {
	n    int
	next *T
}

var global *T

func readsField(t *T) int      { return t.n }
func writesField(t *T)         { t.n = 1 }
func viaCallee(t *T) int       { return readsField(t) }
func storesGlobal(t *T)        { global = t }
func returns(t *T) *T          { return t }
func sends(t *T, ch chan *T)   { ch <- t }
func startsGoroutine(t *T)     { go readsField(t) }
func viaKeepingCallee(t *T)    { storesGlobal(t) }
func intoAnother(t, u *T)      { u.next = t }
func noBody(t *T)
`

// TestKeeps asks whether each function keeps its first parameter.
func TestKeeps(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "k.go", keepsSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := &types.Config{Importer: importer.Default()}
	spkg, _, err := ssautil.BuildPackage(conf, fset, types.NewPackage("k", "k"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"readsField": false, "writesField": false, "viaCallee": false,
		"storesGlobal": true, "returns": true, "sends": true, "startsGoroutine": true,
		"viaKeepingCallee": true, "intoAnother": true, "noBody": true,
	}
	q := publish.New()
	for name, keeps := range want {
		if got := q.Keeps(spkg.Func(name), 0); got != keeps {
			t.Errorf("Keeps(%s, 0) = %v, want %v", name, got, keeps)
		}
	}
	if !q.Keeps(spkg.Func("readsField"), 5) {
		t.Error("Keeps of a parameter that does not exist: want true")
	}
}
