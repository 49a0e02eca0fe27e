package publish_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/ssatest"
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
	spkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "k", ssa.SanityCheckFunctions, ssatest.Source{Name: "k.go", Src: keepsSrc})
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
