package mapaccess

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// startsUnlocked reports whether fn begins holding no lock: a function
// literal that only a go statement (or another spawn of a new
// goroutine) runs. The locks held at its accesses are then all in
// sight. A Test function starts holding none too, but it is where code
// touches internals bare on purpose, knowing what it started is idle
// (nats-server's batching tests call "Lock should be held" helpers
// after stopping each cleanup timer).
func (c *checker) startsUnlocked(fn *ssa.Function) bool {
	if fn.Parent() == nil {
		return false
	}
	// The literal's one use: of the closure its MakeClosure makes, or
	// of the function itself when it captures nothing.
	uses := fn.Referrers()
	if mc := ssautil.MakerOf(fn); mc != nil {
		uses = mc.Referrers()
	}
	if uses == nil || len(*uses) != 1 {
		return false
	}
	s, ok := c.hb.Spawn((*uses)[0])
	return ok && s.Kind.Concurrent() && s.Body() == fn
}
