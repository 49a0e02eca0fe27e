package calls

import "sync"

// ✅ A callee that lets go of its caller's lock before it takes another
// (to keep the documented order) does not nest the second under the
// first: the caller's edge DB.mu -> Pipeline.mu never happens. The
// closure takes DB.mu back, so for the caller nothing changed.

type Pipeline struct{ mu sync.Mutex }

type DB struct {
	mu     sync.Mutex
	commit Pipeline
	n      int
}

func (d *DB) write() {
	d.commit.mu.Lock()
	defer d.commit.mu.Unlock()
	d.mu.Lock()
	d.n++
	d.mu.Unlock()
}

func (d *DB) compact() {
	d.mu.Lock()
	defer d.mu.Unlock()
	func() {
		if d.n > 0 {
			d.mu.Unlock()
			d.commit.mu.Lock()
			d.mu.Lock()
			defer d.commit.mu.Unlock()
			d.n = 0
		}
	}()
}

// ❌ The twin that takes Pipeline.mu with DB.mu still held.

type Pipeline2 struct{ mu sync.Mutex }

type DB2 struct {
	mu     sync.Mutex
	commit Pipeline2
	n      int
}

func (d *DB2) write() {
	d.commit.mu.Lock()
	defer d.commit.mu.Unlock()
	d.mu.Lock() // want `lock order inversion: \(calls.Pipeline2\).mu then \(calls.DB2\).mu here`
	d.n++
	d.mu.Unlock()
}

func (d *DB2) compact() {
	d.mu.Lock()
	defer d.mu.Unlock()
	func() {
		if d.n > 0 {
			d.commit.mu.Lock()
			defer d.commit.mu.Unlock()
			d.n = 0
		}
	}()
}

// ✅ A helper whose caller holds clMu, and which (when asked) lets go of
// it to take mu first, the documented mu -> clMu order: the edge
// clMu -> mu at the call does not happen.

type Stream struct {
	mu    sync.RWMutex
	clMu  sync.Mutex
	seq   uint64
	clseq uint64
}

// recalc must be called with s.clMu held.
func recalc(s *Stream, needLock bool) uint64 {
	if needLock {
		s.clMu.Unlock()
		s.mu.RLock()
		s.clMu.Lock()
	}
	s.clseq = s.seq
	if needLock {
		s.mu.RUnlock()
	}
	return s.clseq
}

func (s *Stream) propose() {
	s.clMu.Lock()
	defer s.clMu.Unlock()
	if s.clseq == 0 {
		recalc(s, true)
	}
}

func (s *Stream) store() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clMu.Lock()
	s.clseq++
	s.clMu.Unlock()
}

// ❌ The twin whose helper lets go of clMu on one path only: on the
// other, mu is read-locked under clMu against store's mu -> clMu.

type Stream2 struct {
	mu    sync.RWMutex
	clMu  sync.Mutex
	seq   uint64
	clseq uint64
	fast  bool
}

func recalc2(s *Stream2, needLock bool) uint64 {
	if needLock {
		if !s.fast {
			s.clMu.Unlock()
		}
		s.mu.RLock()
		if !s.fast {
			s.clMu.Lock() // want `lock order inversion: \(calls.Stream2\).mu then \(calls.Stream2\).clMu here in calls.recalc2, but \(calls.Stream2\).clMu then \(calls.Stream2\).mu at released.go:\d+ \(via \(\*calls.Stream2\).propose → calls.recalc2\)`
		}
	}
	s.clseq = s.seq
	if needLock {
		s.mu.RUnlock()
	}
	return s.clseq
}

func (s *Stream2) propose() {
	s.clMu.Lock()
	defer s.clMu.Unlock()
	if s.clseq == 0 {
		recalc2(s, true)
	}
}

func (s *Stream2) store() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clMu.Lock()
	s.clseq++
	s.clMu.Unlock()
}
