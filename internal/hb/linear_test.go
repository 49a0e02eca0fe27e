package hb

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssatest"
)

const linearSrc = `package p

func work() {}

func chained(n int) {
	var i int
	for i = 0; i < n/2; i++ {
		go work()
	}
	for ; i < n; i++ {
		go work()
	}
	for j := 0; j < 2+n; j++ {
		work()
	}
}

func byCap() {
	done := make(chan struct{}, 3)
	for i := 0; i < cap(done); i++ {
		<-done
	}
}

func fromOne(n int) {
	for i := 1; i < 10; i++ {
		go work()
	}
}
`

// TestTripCount: the loop going on from an earlier loop's index runs
// its bound less the earlier bound; the two together run n, fewer
// than a loop over 2+n and more than one over n-1.
func TestTripCount(t *testing.T) {
	pkg, _, err := ssatest.Build(token.NewFileSet(), "p", 0, nil, ssatest.Source{Name: "p.go", Src: linearSrc})
	if err != nil {
		t.Fatal(err)
	}
	counts := func(fn *ssa.Function) []linear {
		var out []linear
		for _, b := range fn.Blocks {
			if _, n, ok := tripCount(b); ok {
				out = append(out, n)
			}
		}
		return out
	}
	got := counts(pkg.Func("chained"))
	if len(got) != 3 {
		t.Fatalf("chained: %d counted loops, want 3", len(got))
	}
	spawned, recv := got[0].plus(got[1]), got[2]
	if !spawned.atMost(recv) || recv.atMost(spawned) {
		t.Errorf("chained: %v spawned against %v received: want fewer", spawned, recv)
	}
	n := pkg.Func("chained").Params[0]
	if !spawned.atMost(linearOf(n)) || !linearOf(n).atMost(spawned) {
		t.Errorf("chained: %v spawned, want n", spawned)
	}
	if one := linearOf(n).minus(constLinear(1)); spawned.atMost(one) {
		t.Errorf("chained: %v spawned is not at most n-1", spawned)
	}
	got = counts(pkg.Func("byCap"))
	if len(got) != 1 || !got[0].atMost(constLinear(3)) || got[0].atMost(constLinear(2)) {
		t.Errorf("byCap: %v, want 3 (cap of a channel made with 3 slots)", got)
	}
	got = counts(pkg.Func("fromOne"))
	if len(got) != 1 || !got[0].atMost(constLinear(9)) || got[0].atMost(constLinear(8)) {
		t.Errorf("fromOne: %v, want 9", got)
	}
}
