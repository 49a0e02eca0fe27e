package flow

// Shape 4: range-over-func bodies.

import (
	"iter"
)

// ✅ Shape 4: an early return from a range-over-func body that releases.
func (c *Conn) firstPeer(seq iter.Seq[int]) int {
	c.mu.Lock()
	for x := range seq {
		if x > c.id {
			c.mu.Unlock()
			return x
		}
	}
	c.mu.Unlock()
	return 0
}

// ❌ Twin: the early return forgets the release.
func (c *Conn) firstPeerLeak(seq iter.Seq[int]) int {
	c.mu.Lock()
	for x := range seq {
		if x > c.id {
			return x // want `c.mu is still locked at this return`
		}
	}
	c.mu.Unlock()
	return 0
}
