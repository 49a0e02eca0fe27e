package testreaders

import (
	"sync"
	"testing"
)

// ✅ The test reads the store twice under one read lock; the writer
// (Set) runs on the test's own goroutine, before the reads, never
// between them (nats-server filestore_test, etcd kvstore_test).
func TestReadTwiceAlone(t *testing.T) {
	s := &Store{data: map[string]int{}}
	s.Set("a", 1)
	s.mu.RLock()
	_ = s.Get("a")
	s.mu.RUnlock()
}

// ❌ Twin: the test starts a writer on another goroutine; it can queue
// between the two read locks.
func TestReadTwiceWithWriter(t *testing.T) {
	s := &Store{data: map[string]int{}}
	go s.Set("a", 1)
	s.mu.RLock()
	_ = s.Get("a") // want `recursive read lock: s.mu is read-locked again while this goroutine holds its read lock; a writer waiting between the two RLocks deadlocks both \(via \(\*testreaders.Store\).Get, which locks it at store.go:\d+\); a writer locks it at store.go:\d+`
	s.mu.RUnlock()
}

// reader is a test helper reached from a goroutine the test starts.
type reader struct{ s *Store }

func (r *reader) both() {
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	_ = r.s.Get("b") // want `recursive read lock: r.s.mu is read-locked again`
}

type setter interface{ Set(k string, v int) }

func write(w setter) { w.Set("b", 2) }

// ❌ A bug written as a test (GoBench kubernetes_62464): the reader and
// the writer both run on goroutines the test starts, the writer through
// an interface.
func TestReaderAndWriter(t *testing.T) {
	s := &Store{data: map[string]int{}}
	go (&reader{s}).both()
	go write(s)
}

var mu sync.Mutex

// ✅ Two goroutines of the test take Store.mu for reading and mu in
// opposite orders; no writer of Store.mu runs alongside them (etcd
// TestConcurrentReadTxAndWrite). The writer before them does not.
func TestCrossedReaders(t *testing.T) {
	s := &Store{data: map[string]int{}}
	s.Set("c", 3)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.mu.RLock()
		mu.Lock()
		mu.Unlock()
		s.mu.RUnlock()
	}()
	go func() {
		defer wg.Done()
		mu.Lock()
		_ = s.Get("c")
		mu.Unlock()
	}()
	wg.Wait()
}

// ❌ Twin: a third goroutine writes the store.
func TestCrossedReadersAndWriter(t *testing.T) {
	s := &Store{data: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		s.mu.RLock()
		mu.Lock() // want `lock order inversion: \(testreaders.Store\).mu then testreaders.mu here in testreaders.TestCrossedReadersAndWriter\$1, .*with a writer waiting on \(testreaders.Store\).mu`
		mu.Unlock()
		s.mu.RUnlock()
	}()
	go func() {
		defer wg.Done()
		mu.Lock()
		_ = s.Get("c")
		mu.Unlock()
	}()
	go func() {
		defer wg.Done()
		s.Set("c", 4)
	}()
	wg.Wait()
}
