package testedge

import "testing"

// ✅ The test holds Node.mu then Account.mu while the one goroutine it
// starts may run Shutdown. The cycle Node → Account → Consumer → Node
// needs Account.mu → Consumer.mu and Consumer.mu → Node.mu held by two
// goroutines at once, but only Shutdown's one goroutine forms them, one
// after the other (nats-server's jetstream_cluster_3_test.go:3480, a
// lame-duck shutdown).
func TestShutdownOnce(t *testing.T) {
	n, a, c := &Node{}, &Account{}, &Consumer{}
	go n.Shutdown(a, c)
	n.mu.Lock()
	a.mu.Lock()
	a.mu.Unlock()
	n.mu.Unlock()
}

// ❌ Twin: two goroutines, one signalling and one clearing, can each
// hold one lock of the cycle.
func TestShutdownTwice(t *testing.T) {
	n, a, c := &Node{}, &Account{}, &Consumer{}
	for range 2 {
		go n.Shutdown(a, c)
	}
	n.mu.Lock()
	a.mu.Lock() // want `lock order inversion: \(testedge.Node\).mu then \(testedge.Account\).mu here in testedge.TestShutdownTwice`
	a.mu.Unlock()
	n.mu.Unlock()
}

// newBuffer makes a buffer and its batch for one test, failing the
// batch when the test is done.
func newBuffer(t *testing.T) (*Buffer, *Batch) {
	b, bt := &Buffer{}, &Batch{}
	t.Cleanup(func() { b.Fail(bt) })
	return b, bt
}

// ✅ Each parallel subtest holds its own batch then its own buffer;
// Fail takes them the other way only in the subtest's cleanup, after
// the subtest's body, on its goroutine. The other runs of the body lock
// the objects they made themselves (franz-go's sink_merge_test.go:231).
func TestMergeParallel(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, bt := newBuffer(t)
			bt.mu.Lock()
			b.mu.Lock()
			b.mu.Unlock()
			bt.mu.Unlock()
		})
	}
}

// ❌ Twin: the parallel subtests share one buffer and batch, and each
// fails it: one subtest's Fail runs while another holds the batch.
func TestMergeShared(t *testing.T) {
	b, bt := &Buffer{}, &Batch{}
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bt.mu.Lock()
			b.mu.Lock() // want `lock order inversion: \(testedge.Batch\).mu then \(testedge.Buffer\).mu here in testedge.TestMergeShared\$1`
			b.mu.Unlock()
			bt.mu.Unlock()
			b.Fail(bt)
		})
	}
}
