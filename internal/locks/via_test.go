package locks

import (
	"fmt"
	"slices"
	"testing"
)

// A call chain kept in a summary stays bounded however deep the calls
// go: summaries are facts every importing package decodes.
func TestPrependBounded(t *testing.T) {
	var via []string
	for i := 50; i > 0; i-- {
		via = prepend(fmt.Sprintf("f%d", i), via)
		if len(via) > maxVia {
			t.Fatalf("chain of %d calls kept %d entries: %q", 51-i, len(via), via)
		}
	}
	if want := []string{"f1", "f2", "f3", elided, "f50"}; !slices.Equal(via, want) {
		t.Errorf("via = %q, want %q", via, want)
	}
	if got := prepend("a", []string{"b"}); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("short chain changed: %q", got)
	}
}
