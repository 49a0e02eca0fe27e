package nopartner

// A test double whose release channel is closed in a closure of a
// package-level variable's initialiser, as a ginkgo suite's
// var _ = Describe("...", func() { ... }) does (go-redis's
// internal/pool/conn_check_test.go).

type blockingReader struct {
	release chan struct{}
}

// ✅ Read waits for release, which the suite below closes.
func (r *blockingReader) Read() {
	<-r.release
}

func describe(_ string, body func()) bool { body(); return true }

var _ = describe("reader", func() {
	r := &blockingReader{release: make(chan struct{})}
	defer close(r.release)
	go r.Read()
})
