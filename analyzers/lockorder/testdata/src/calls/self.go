package calls

import (
	"fmt"
	"sync"
)

// Self-deadlocks: the lock the caller holds is taken again behind a call.

type S struct {
	mu      sync.Mutex
	n       int
	onEvent func()
	hook    func()
}

func (s *S) inc() { s.mu.Lock(); s.n++; s.mu.Unlock() }

func (s *S) incTwice() { s.inc(); s.inc() }

func (s *S) incIf(ok bool) {
	if !ok {
		return
	}
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

func newS() *S {
	s := &S{}
	s.onEvent = s.inc
	return s
}

func (s *S) oneCall() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inc() // want `self-deadlock: s.mu is locked again while this goroutine holds it; sync mutexes are not reentrant \(via \(\*calls.S\).inc`
}

func (s *S) twoCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.incTwice() // want `self-deadlock: s.mu is locked again .*via \(\*calls.S\).incTwice → \(\*calls.S\).inc`
}

func (s *S) somePaths(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.incIf(v > 0) // want `self-deadlock: s.mu is locked again .*via \(\*calls.S\).incIf`
}

// A method value of the object itself, stored in its field.
func (s *S) emit() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onEvent() // want `self-deadlock: s.mu is locked again .*via \(\*calls.S\).inc`
}

// ✅ The same calls after the lock is released.
func (s *S) emitUnlocked() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	s.onEvent()
	s.incIf(true)
	s.incTwice()
}

// Behind an interface method whose only implementation locks a
// package-level mutex the caller holds.

var registryMu sync.Mutex

type Store interface{ Put(k string) }

type memStore struct{ keys []string }

func (m *memStore) Put(k string) {
	registryMu.Lock()
	m.keys = append(m.keys, k)
	registryMu.Unlock()
}

func register(st Store, k string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	st.Put(k) // want `self-deadlock: registryMu is locked again .*via \(\*calls.memStore\).Put`
}

// ✅ Put called outside the lock.
func registerOutside(st Store, k string) {
	registryMu.Lock()
	k += "!"
	registryMu.Unlock()
	st.Put(k)
}

// A closure stored in a field that locks a package-level mutex.

var hookMu sync.Mutex

func newHooked() *S {
	return &S{hook: func() { hookMu.Lock(); hookMu.Unlock() }}
}

func (s *S) runHook() {
	hookMu.Lock()
	defer hookMu.Unlock()
	s.hook() // want `self-deadlock: hookMu is locked again .*via calls.newHooked\$1`
}

// fmt calls String and Error.

type Conn struct {
	mu   sync.Mutex
	addr string
}

func (c *Conn) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.addr
}

type ConnError struct {
	mu  sync.Mutex
	msg string
}

func (e *ConnError) Error() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.msg
}

func (c *Conn) describe() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("conn %v", c) // want `self-deadlock: c.mu is locked again .*via \(\*calls.Conn\).String`
}

func (e *ConnError) wrap() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return fmt.Errorf("conn: %w", e) // want `self-deadlock: e.mu is locked again .*via \(\*calls.ConnError\).Error`
}

// ✅ Verbs that do not call String, and formatting outside the lock.
func (c *Conn) describeOK() string {
	c.mu.Lock()
	p := fmt.Sprintf("%p %T", c, c)
	addr := c.addr
	c.mu.Unlock()
	return p + addr + fmt.Sprint(c)
}

// Source is nats-server's shape: setup runs with the lock held by
// every caller and, on an error path, calls the locking cleanup.
type Source struct {
	mu   sync.Mutex
	subs int
}

func (s *Source) cleanupUnlocked() {
	s.mu.Lock()
	s.subs--
	s.mu.Unlock()
}

// Lock should be held.
func (s *Source) setup(fail bool) {
	s.subs++
	if fail {
		s.cleanupUnlocked()
	}
}

// ❌ One mistake, reported once: the first locked call of setup.
func (s *Source) Start(fail bool) {
	s.mu.Lock()
	s.setup(fail) // want `self-deadlock: s.mu is locked again while this goroutine holds it; sync mutexes are not reentrant \(via \(\*calls.Source\).setup → \(\*calls.Source\).cleanupUnlocked, which locks it at self.go:\d+\); 2 more locked calls reach the same call`
	s.mu.Unlock()
}

// ✅ The same call reached again: related information of the report above.
func (s *Source) Retry(fail bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setup(fail)
}

func (s *Source) Reset(fail bool) {
	s.mu.Lock()
	s.setup(fail)
	s.mu.Unlock()
}
