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

// TestBoundKeepsGuards keeps a lock that guards over wrapped and path
// locks (which only silence) when an effect has more than maxLocks.
func TestBoundKeepsGuards(t *testing.T) {
	e := Effect{Kind: MapRead, Place: access.Fact{Root: access.Root{Kind: access.Param}}}
	for j := range maxLocks {
		e.Locks = append(e.Locks, Lock{Class: fmt.Sprintf("lib%d", j), Wrapped: true})
	}
	e.Locks = append(e.Locks, Lock{Class: "(p.T).mu"})
	got := bound([]Effect{e})
	if len(got[0].Locks) != maxLocks || got[0].Locks[0].Class != "(p.T).mu" {
		t.Errorf("locks kept: %+v, want (p.T).mu first of %d", got[0].Locks, maxLocks)
	}
	if len(e.Locks) != maxLocks+1 || e.Locks[0].Class != "lib0" {
		t.Errorf("bound changed its input's locks")
	}
}
