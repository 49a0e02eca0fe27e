package effects

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/concurlint/concurlint/internal/access"
)

// TestBound keeps summaries small whatever a function touches: at most
// maxEffects effects and maxLocks locks each, witnesses of one effect
// merged (may only when every witness is), in an order that does not
// depend on the input's.
func TestBound(t *testing.T) {
	var list []Effect
	for i := range 2 * maxEffects {
		place := access.Fact{Root: access.Root{Kind: access.Param}, Steps: []access.Step{{Kind: access.Field, Name: fmt.Sprintf("m%03d", i)}}}
		e := Effect{Kind: MapWrite, Place: place, May: true}
		for j := range 2 * maxLocks {
			e.Locks = append(e.Locks, Lock{Class: fmt.Sprintf("l%d", j)})
		}
		list = append(list, e)
	}
	witness := list[0]
	witness.May = false
	list = append(list, witness)
	got := bound(list)
	if len(got) != maxEffects {
		t.Fatalf("%d effects, want %d", len(got), maxEffects)
	}
	for _, e := range got {
		if len(e.Locks) > maxLocks {
			t.Fatalf("%s: %d locks, want at most %d", e.Place, len(e.Locks), maxLocks)
		}
	}
	if got[0].Place.String() != "param0.m000" || got[0].May {
		t.Errorf("first effect %s may=%v, want param0.m000 merged with its unconditional witness", got[0].Place, got[0].May)
	}
	reversed := make([]Effect, len(list))
	for i, e := range list {
		reversed[len(list)-1-i] = e
	}
	if again := bound(reversed); !reflect.DeepEqual(again, got) {
		t.Errorf("the order of the input changes the summary")
	}
}
