package summaries

// Package summaries checks the facts the lock model exports.

import "sync"

type S struct {
	mu    sync.Mutex
	inner struct{ mu sync.RWMutex }
	t     *T
}

type T struct{ mu sync.Mutex }

var global sync.Mutex

func (s *S) lock() { // want lock:"acquires \\(summaries.S\\).mu; locks param0.mu; returns holding param0.mu"
	s.mu.Lock()
}

func (s *S) unlock() { // want unlock:"releases param0.mu"
	s.mu.Unlock()
}

func (s *S) readInner() { // want readInner:"acquires \\(summaries.S\\).inner.mu; locks param0.inner.mu"
	s.inner.mu.RLock()
	defer s.inner.mu.RUnlock()
}

func useGlobal() { // want useGlobal:"acquires summaries.global; locks summaries.global"
	global.Lock()
	global.Unlock()
}

// nested locks T.mu under S.mu: the package fact carries the edge.
func (s *S) nested() { // want nested:"acquires \\(summaries.S\\).mu; acquires \\(summaries.T\\).mu; locks param0.mu; locks param0.t.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.mu.Lock()
	s.t.mu.Unlock()
}

// viaCall locks through lock() and releases through unlock().
func viaCall(s *S) { // want viaCall:"acquires \\(summaries.S\\).mu; locks param0.mu"
	s.lock()
	s.unlock()
}

// conditional locks only on one path: no class for callers' edges.
func conditional(s *S, c bool) { // want conditional:"locks param0.mu"
	if c {
		s.mu.Lock()
		s.mu.Unlock()
	}
}

// spawn locks in a goroutine only: nothing for the caller.
func spawn(s *S) {
	go s.lock()
}

// callback lets go of the caller's lock around a callback and takes it
// back: for the caller it still holds the lock.
func (s *S) callback(f func()) { // want callback:"calls param1"
	if f != nil {
		s.mu.Unlock()
		f()
		s.mu.Lock()
	}
}

// twice lends the caller's lock out twice: neither Lock is its own.
func (s *S) twice() { // want twice:"acquires \\(summaries.S\\).mu"
	s.mu.Unlock()
	s.mu.Lock()
	s.mu.Unlock()
	s.mu.Lock()
}

// afterTwice calls twice with the lock held, then lends it out itself.
func (s *S) afterTwice() { // want afterTwice:"acquires \\(summaries.S\\).mu"
	s.twice()
	s.mu.Unlock()
	s.mu.Lock()
}

// unlockLater releases its caller's lock when it returns.
func (s *S) unlockLater() { // want unlockLater:"releases param0.mu"
	defer s.mu.Unlock()
	s.t = nil
}

// waitUnlocked lets its caller's lock go while it waits and takes it
// back as it returns (nats' stalledWait): the caller still holds it, so
// it releases nothing.
func (s *S) waitUnlocked() {
	s.mu.Unlock()
	defer s.mu.Lock()
	s.t = nil
}

// lockedOrNot takes the lock, and lets it go, only when its caller does
// not hold it (nats' pubAllowedFullCheck): the unlock is the other half
// of the conditional lock, no release of the caller's.
func (s *S) lockedOrNot(hasLock bool) { // want lockedOrNot:"may acquire \\(summaries.S\\).mu; locks param0.mu"
	if !hasLock {
		s.mu.Lock()
	}
	s.t = nil
	if !hasLock {
		s.mu.Unlock()
	}
}

// handOff is no lock helper: the goroutine it starts releases the lock.
func (s *S) handOff() { // want handOff:"acquires \\(summaries.S\\).mu; locks param0.mu"
	s.mu.Lock()
	go s.unlockLater()
}

// lockThenDefer defers before it locks: it releases nothing of its caller's.
func (s *S) lockThenDefer() { // want lockThenDefer:"acquires \\(summaries.S\\).mu; locks param0.mu"
	defer s.mu.Unlock()
	s.mu.Lock()
}

func (t *T) touch() { // want touch:"acquires \\(summaries.T\\).mu; locks param0.mu"
	t.mu.Lock()
	t.mu.Unlock()
}

// touchKept passes touch a published T: touch's receiver is not always
// a fresh object, so its summary acquires the class.
func touchKept() { keepT.touch() } // want touchKept:"acquires \\(summaries.T\\).mu; locks summaries.keepT.mu"

// touchFresh is only ever passed fresh objects (by freshTouch): its
// acquisition orders nothing, and its summary names no class.
func (t *T) touchFresh() { // want touchFresh:"^locks param0.mu$"
	t.mu.Lock()
	t.mu.Unlock()
}

func freshTouch() { new(T).touchFresh() }

// fresh locks a T no one else can see yet: callers get no class from
// it, and the package no global -> T edge from freshUnderGlobal.
func fresh() *T {
	t := &T{}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t
}

func freshUnderGlobal() { // want freshUnderGlobal:"^acquires summaries.global; locks summaries.global$"
	global.Lock()
	t := new(T)
	t.touch()
	global.Unlock()
	keepT = t
}

var keepT *T

// maybe takes T.mu on some paths only: a may-acquire, not dropped.
func (t *T) maybe(n int) { // want maybe:"may acquire \\(summaries.T\\).mu; locks param0.mu"
	if n > 0 {
		t.mu.Lock()
		t.mu.Unlock()
	}
}

// maybeThrough inherits it through the call, made on every path: still
// a may-acquire; each class once, one call deep or many.
func maybeThrough(t *T) { // want maybeThrough:"may acquire \\(summaries.T\\).mu; locks param0.mu"
	t.maybe(1)
	t.maybe(2)
}

// eachT takes T.mu in a loop body: taken whenever the loop runs, so
// an acquire, not a may-acquire.
func eachT(ts []*T) { // want eachT:"acquires \\(summaries.T\\).mu"
	for _, t := range ts {
		t.mu.Lock()
		t.mu.Unlock()
	}
}

// locked runs f under S.mu: callers that pass a function see its locks
// nested under S.mu.
func (s *S) locked(f func()) { // want locked:"acquires \\(summaries.S\\).mu; locks param0.mu; calls param1 under \\(summaries.S\\).mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

// passOn hands its own f to locked: its callback too, under S.mu.
func passOn(s *S, f func()) { // want passOn:"acquires \\(summaries.S\\).mu; locks param0.mu; calls param1 under \\(summaries.S\\).mu"
	s.locked(f)
}

// reorder lets go of its caller's lock before it takes T.mu: a caller
// holding s.mu does not hold it then (the twin, nested, nests T.mu
// under S.mu for its callers).
func (s *S) reorder() { // want reorder:"acquires \\(summaries.S\\).mu; acquires \\(summaries.T\\).mu after releasing param0.mu; locks param0.t.mu after releasing param0.mu"
	s.mu.Unlock()
	s.t.mu.Lock()
	s.t.mu.Unlock()
	s.mu.Lock()
}
