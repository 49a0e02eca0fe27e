package testedge

import "testing"

// ❌ The test itself takes Cache.mu then Store.mu against Flush: the
// report is in the test, where the test edge is.
func TestInspect(t *testing.T) {
	s, c := &Store{}, &Cache{}
	go s.Flush(c)
	c.mu.Lock()
	s.mu.Lock() // want `lock order inversion: \(testedge.Cache\).mu then \(testedge.Store\).mu here in testedge.TestInspect, but \(testedge.Store\).mu then \(testedge.Cache\).mu at store.go:\d+ in \(\*testedge.Store\).Flush`
	s.mu.Unlock()
	c.mu.Unlock()
}

// ✅ The test also takes Worker.mu then Queue.mu, like Done: the cycle
// is already reported in production code, at Assign.
func TestDone(t *testing.T) {
	q, w := &Queue{}, &Worker{}
	w.mu.Lock()
	q.mu.Lock()
	q.mu.Unlock()
	w.mu.Unlock()
}
