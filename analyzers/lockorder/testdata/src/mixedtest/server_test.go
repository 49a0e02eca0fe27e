package mixedtest

import "testing"

// ✅ The test sends under the lock; the closer that needs it is
// production code the test does not run beside.
func TestReset(t *testing.T) {
	s := NewServer()
	s.mu.Lock()
	s.reset <- struct{}{}
	s.mu.Unlock()
}
