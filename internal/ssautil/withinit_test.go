package ssautil_test

import (
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssatest"
	"github.com/concurlint/concurlint/internal/ssautil"
)

const initSrc = `package p

func describe(_ string, body func()) bool { body(); return true }

var _ = describe("outer", func() {
	_ = describe("inner", func() {})
})

func f() {}
`

// TestWithInit checks that the package's init and its closures, nested
// ones too, follow the given functions, and that the input is not
// changed.
func TestWithInit(t *testing.T) {
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", 0, ssatest.Source{Name: "p.go", Src: initSrc})
	funcs := make([]*ssa.Function, 1, 4)
	funcs[0] = pkg.Func("f")
	got := ssautil.WithInit(pkg, funcs)
	var names []string
	for _, fn := range got {
		names = append(names, fn.Name())
	}
	want := []string{"f", "init", "init$1", "init$1$1"}
	if !slices.Equal(names, want) {
		t.Errorf("WithInit = %v, want %v", names, want)
	}
	if len(funcs) != 1 || funcs[:2][1] != nil {
		t.Errorf("WithInit wrote into its input's spare capacity")
	}
	if got := ssautil.WithInit(nil, funcs); len(got) != 1 {
		t.Errorf("WithInit(nil, funcs) = %d functions, want 1", len(got))
	}
}
