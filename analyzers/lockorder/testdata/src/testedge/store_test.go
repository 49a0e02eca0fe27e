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

// ✅ The test inspects state under Server.mu then Session.mu, against
// serve's order, but serve runs on the server's own goroutine, which
// production code starts: whether it runs during the inspection is the
// test's timing (nats-server's mqtt_test.go and
// jetstream_cluster_3_test.go), not a lock order the test creates.
func TestInspectServer(t *testing.T) {
	srv, ss := &Server{}, &Session{}
	srv.Start(ss)
	srv.mu.Lock()
	ss.mu.Lock()
	ss.mu.Unlock()
	srv.mu.Unlock()
}

// ❌ Twin: the test starts serve on a goroutine itself.
func TestInspectServing(t *testing.T) {
	srv, ss := &Server{}, &Session{}
	go srv.serve(ss)
	srv.mu.Lock()
	ss.mu.Lock() // want `lock order inversion: \(testedge.Server\).mu then \(testedge.Session\).mu here in testedge.TestInspectServing`
	ss.mu.Unlock()
	srv.mu.Unlock()
}
