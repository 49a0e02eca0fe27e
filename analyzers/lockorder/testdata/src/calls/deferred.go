package calls

import "sync"

// Calls deferred by a function run at its exit, last deferred first,
// with the locks it holds there: a deferred call that locks is ordered
// after them.

// ❌ The deferred inc runs before the deferred Unlock, with s.mu held.
func (s *S) deferredInc() {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.inc() // want `self-deadlock: s.mu is locked again while this goroutine holds it; sync mutexes are not reentrant \(via deferred \(\*calls.S\).inc`
	s.n++
}

// ✅ Deferred before the Unlock, inc runs after it.
func (s *S) incAfterUnlock() {
	defer s.inc()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
}

// ✅ The deferred closure lets go of s.mu before inc takes it.
func (s *S) unlockThenInc() {
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
		s.inc()
	}()
	s.n++
}

// ✅ The Unlock is deferred in each branch of an if, after inc: it runs
// first whichever branch ran (franz-go's GroupTransactSession.End).
func (s *S) branchUnlock(fast bool) {
	defer s.inc()
	s.mu.Lock()
	if fast {
		defer s.mu.Unlock()
	} else {
		defer func() { s.mu.Unlock() }()
	}
	s.n++
}

type Feed struct {
	mu   sync.Mutex
	subs int
}

type Hub struct {
	mu    sync.Mutex
	feeds []*Feed
}

// Publish takes h.mu, then each feed's mu.
func (h *Hub) Publish() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, f := range h.feeds {
		f.mu.Lock() // want `lock order inversion: \(calls.Hub\).mu then \(calls.Feed\).mu here in \(\*calls.Hub\).Publish, but \(calls.Feed\).mu then \(calls.Hub\).mu at deferred.go:\d+ \(via \(\*calls.Feed\).Close → deferred \(\*calls.Feed\).Close\$1\)`
		f.subs++
		f.mu.Unlock()
	}
}

// ❌ The closure deferred last runs first, with f.mu still held: h.mu
// after f.mu, against Publish (hugo#3251's shape).
func (f *Feed) Close(h *Hub) {
	f.mu.Lock()
	defer f.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.feeds = nil
		h.mu.Unlock()
	}()
	f.subs = 0
}

// ✅ Deferred before f.mu is taken, the closure runs after its release.
func (f *Feed) CloseAfter(h *Hub) {
	defer func() {
		h.mu.Lock()
		h.feeds = nil
		h.mu.Unlock()
	}()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs = 0
}
