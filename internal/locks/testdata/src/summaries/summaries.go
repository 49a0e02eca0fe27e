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

func (s *S) Acquire() { // want Acquire:"acquires \\(summaries.S\\).mu; locks param0.mu; returns holding param0.mu"
	s.mu.Lock()
}

func (s *S) Release() { // want Release:"releases param0.mu"
	s.mu.Unlock()
}

func (s *S) ReadInner() { // want ReadInner:"acquires \\(summaries.S\\).inner.mu; locks param0.inner.mu"
	s.inner.mu.RLock()
	defer s.inner.mu.RUnlock()
}

func UseGlobal() { // want UseGlobal:"acquires summaries.global; locks summaries.global"
	global.Lock()
	global.Unlock()
}

// Nested locks T.mu under S.mu: the package fact carries the edge.
func (s *S) Nested() { // want Nested:"acquires \\(summaries.S\\).mu; acquires \\(summaries.T\\).mu; locks param0.mu; locks param0.t.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.mu.Lock()
	s.t.mu.Unlock()
}

// ViaCall locks through Acquire() and releases through Release().
func ViaCall(s *S) { // want ViaCall:"acquires \\(summaries.S\\).mu; locks param0.mu"
	s.Acquire()
	s.Release()
}

// Conditional locks only on one path: no class for callers' edges.
func Conditional(s *S, c bool) { // want Conditional:"locks param0.mu"
	if c {
		s.mu.Lock()
		s.mu.Unlock()
	}
}

// spawn locks in a goroutine only: nothing for the caller.
func spawn(s *S) {
	go s.Acquire()
}

// Callback lets go of the caller's lock around a callback and takes it
// back: for the caller it still holds the lock.
func (s *S) Callback(f func()) { // want Callback:"calls param1"
	if f != nil {
		s.mu.Unlock()
		f()
		s.mu.Lock()
	}
}

// Twice lends the caller's lock out twice: neither Lock is its own.
func (s *S) Twice() { // want Twice:"acquires \\(summaries.S\\).mu"
	s.mu.Unlock()
	s.mu.Lock()
	s.mu.Unlock()
	s.mu.Lock()
}

// AfterTwice calls Twice with the lock held, then lends it out itself.
func (s *S) AfterTwice() { // want AfterTwice:"acquires \\(summaries.S\\).mu"
	s.Twice()
	s.mu.Unlock()
	s.mu.Lock()
}

// UnlockLater releases its caller's lock when it returns.
func (s *S) UnlockLater() { // want UnlockLater:"releases param0.mu"
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

// LockedOrNot takes the lock, and lets it go, only when its caller does
// not hold it (nats' pubAllowedFullCheck): the unlock is the other half
// of the conditional lock, no release of the caller's.
func (s *S) LockedOrNot(hasLock bool) { // want LockedOrNot:"may acquire \\(summaries.S\\).mu; locks param0.mu"
	if !hasLock {
		s.mu.Lock()
	}
	s.t = nil
	if !hasLock {
		s.mu.Unlock()
	}
}

// HandOff is no lock helper: the goroutine it starts releases the lock.
func (s *S) HandOff() { // want HandOff:"acquires \\(summaries.S\\).mu; locks param0.mu"
	s.mu.Lock()
	go s.UnlockLater()
}

// LockThenDefer defers before it locks: it releases nothing of its caller's.
func (s *S) LockThenDefer() { // want LockThenDefer:"acquires \\(summaries.S\\).mu; locks param0.mu"
	defer s.mu.Unlock()
	s.mu.Lock()
}

func (t *T) Touch() { // want Touch:"acquires \\(summaries.T\\).mu; locks param0.mu"
	t.mu.Lock()
	t.mu.Unlock()
}

// TouchKept passes Touch a published T: Touch's receiver is not always
// a fresh object, so its summary acquires the class.
func TouchKept() { keepT.Touch() } // want TouchKept:"acquires \\(summaries.T\\).mu; locks summaries.keepT.mu"

// touchFresh is only ever passed fresh objects (by freshTouch): its
// acquisition orders nothing, and its summary names no class. Being
// unexported (another package could pass it anything), its summary is
// no fact: TestFreshCallee checks it (testdata freshcallee).
func (t *T) touchFresh() {
	t.mu.Lock()
	t.mu.Unlock()
}

func freshTouch() { new(T).touchFresh() }

// fresh locks a T no one else can see yet: callers get no class from
// it, and the package no global -> T edge from FreshUnderGlobal.
func fresh() *T {
	t := &T{}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t
}

func FreshUnderGlobal() { // want FreshUnderGlobal:"^acquires summaries.global; locks summaries.global$"
	global.Lock()
	t := new(T)
	t.Touch()
	global.Unlock()
	keepT = t
}

var keepT *T

// Maybe takes T.mu on some paths only: a may-acquire, not dropped.
func (t *T) Maybe(n int) { // want Maybe:"may acquire \\(summaries.T\\).mu; locks param0.mu"
	if n > 0 {
		t.mu.Lock()
		t.mu.Unlock()
	}
}

// MaybeThrough inherits it through the call, made on every path: still
// a may-acquire; each class once, one call deep or many.
func MaybeThrough(t *T) { // want MaybeThrough:"may acquire \\(summaries.T\\).mu; locks param0.mu"
	t.Maybe(1)
	t.Maybe(2)
}

// EachT takes T.mu in a loop body: taken whenever the loop runs, so
// an acquire, not a may-acquire.
func EachT(ts []*T) { // want EachT:"acquires \\(summaries.T\\).mu"
	for _, t := range ts {
		t.mu.Lock()
		t.mu.Unlock()
	}
}

// Locked runs f under S.mu: callers that pass a function see its locks
// nested under S.mu.
func (s *S) Locked(f func()) { // want Locked:"acquires \\(summaries.S\\).mu; locks param0.mu; calls param1 under \\(summaries.S\\).mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

// PassOn hands its own f to Locked: its callback too, under S.mu.
func PassOn(s *S, f func()) { // want PassOn:"acquires \\(summaries.S\\).mu; locks param0.mu; calls param1 under \\(summaries.S\\).mu"
	s.Locked(f)
}

// Reorder lets go of its caller's lock before it takes T.mu: a caller
// holding s.mu does not hold it then (the twin, Nested, nests T.mu
// under S.mu for its callers).
func (s *S) Reorder() { // want Reorder:"acquires \\(summaries.S\\).mu; acquires \\(summaries.T\\).mu after releasing param0.mu; locks param0.t.mu after releasing param0.mu"
	s.mu.Unlock()
	s.t.mu.Lock()
	s.t.mu.Unlock()
	s.mu.Lock()
}

// A call deferred on every path runs at the exit: its locks are the
// function's, nested under what it still holds there.
func (s *S) DeferredNested() { // want DeferredNested:"acquires \\(summaries.S\\).mu; acquires \\(summaries.T\\).mu; locks param0.mu; locks param0.t.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.t.lockT()
}

func (t *T) lockT() {
	t.mu.Lock()
	t.mu.Unlock()
}
