package access_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssatest"
)

const elemSrc = `package p

type R struct {
	chans []chan bool
	one   chan bool
}

func recv(r *R) {
	for _, ch := range r.chans {
		<-ch
	}
	<-r.one
	m := map[int]chan bool{}
	<-m[0]
}
`

// TestValueClass checks that an element loaded from a slice field is
// named by the field's class with "[]", a field by its class, and a
// map value not at all.
func TestValueClass(t *testing.T) {
	fset := token.NewFileSet()
	pkg, _ := ssatest.MustBuild(t, fset, "p", 0, ssatest.Source{Name: "p.go", Src: elemSrc})
	var got []string
	for _, b := range pkg.Func("recv").Blocks {
		for _, instr := range b.Instrs {
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW {
				got = append(got, access.ValueClass(fset, u.X))
			}
		}
	}
	want := []string{"(p.R).chans[]", "(p.R).one", ""}
	if len(got) != len(want) {
		t.Fatalf("classes %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("receive %d: class %q, want %q", i, got[i], want[i])
		}
	}
}
