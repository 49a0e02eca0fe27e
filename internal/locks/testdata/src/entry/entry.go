// Package entry holds the shapes of the entry lockset: the locks every
// caller holds around a call, in the callee's terms.
package entry

import (
	"sync"
	"time"
)

type store struct {
	mu    sync.RWMutex
	items map[string]int
	child *store
}

// Lock should be held: every caller holds it.
func (s *store) setLocked(k string) { s.items[k] = 1 } // want `entry: s.mu`

func (s *store) Set(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setLocked(k)
}

func (s *store) Reset() {
	s.mu.Lock()
	s.setLocked("")
	s.mu.Unlock()
}

// Two calls away: the middle helper holds the lock only on entry.
func (s *store) middle(k string) { s.leaf(k) } // want `entry: s.mu`

func (s *store) leaf(k string) { s.items[k] = 2 } // want `entry: s.mu`

func (s *store) Outer(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.middle(k)
}

// One caller does not hold the lock: nothing.
func (s *store) sometimes(k string) { s.items[k] = 3 }

func (s *store) A(k string) {
	s.mu.Lock()
	s.sometimes(k)
	s.mu.Unlock()
}

func (s *store) B(k string) { s.sometimes(k) }

// The caller holds the lock on entry but lets it go before the call.
func (s *store) unlocksFirst(k string) { // want `entry: s.mu`
	s.mu.Unlock()
	s.afterUnlock(k)
	s.mu.Lock()
}

func (s *store) afterUnlock(k string) { s.items[k] = 4 }

func (s *store) C(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unlocksFirst(k)
}

// Recursion keeps what the outside caller holds.
func (s *store) walk(n int) { // want `entry: s.mu`
	if n > 0 {
		s.walk(n - 1)
	}
}

func (s *store) Walk() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.walk(3)
}

// Another object's lock is not the callee's receiver's.
func (s *store) other(k string) { s.items[k] = 5 }

func (s *store) D(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.child.other(k)
}

// The caller locks the child and calls the child's helper: the helper's
// receiver lock.
func (s *store) childHelper() {} // want `entry: s.mu`

func (s *store) E() {
	s.child.mu.Lock()
	defer s.child.mu.Unlock()
	s.child.childHelper()
}

// Read by one caller, written by another: held for reading.
func (s *store) peek(k string) int { return s.items[k] } // want `entry: s.mu \(read\)`

func (s *store) F(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.peek(k)
}

func (s *store) G(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peek(k)
}

// Exported: callers in other packages are unseen.
func (s *store) Exported(k string) { s.items[k] = 6 }

func (s *store) H(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Exported(k)
}

// A method value is a callback: it runs with no lock.
func (s *store) tick() {}

func (s *store) I() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	time.AfterFunc(time.Second, s.tick)
}

// Started as a goroutine.
func (s *store) loop() {}

func (s *store) J() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loop()
	go s.loop()
}

// Deferred: it runs after the Unlock.
func (s *store) cleanup() {}

func (s *store) K() {
	s.mu.Lock()
	defer s.cleanup()
	s.cleanup()
	s.mu.Unlock()
}

// An interface call may run it.
type runner interface{ run() }

func (s *store) run() {}

func (s *store) L(r runner) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.run()
	r.run()
}

// A mutex passed as an argument is the parameter.
func fill(m map[int]int, mu *sync.Mutex, n int) { m[n] = n } // want `entry: mu`

func M(m map[int]int, n int) {
	var mu sync.Mutex
	mu.Lock()
	fill(m, &mu, n)
	mu.Unlock()
}

// A package-level lock is itself.
var gmu sync.Mutex

func global() {} // want `entry: gmu`

func N() {
	gmu.Lock()
	global()
	gmu.Unlock()
}

// A closure called under the lock.
func (s *store) O() {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := func() { s.items["o"] = 7 } // want `entry: s.mu`
	f()
}

// A function held by a package variable may be called from anywhere.
func hooked() {}

var hook = hooked

func P() {
	gmu.Lock()
	hooked()
	gmu.Unlock()
}

// Called by nothing: nothing known.
func unused() {}

// Called only by a function no code calls, which holds the lock.
func onlyFromUnused() {} // want `entry: gmu`

func unused2() {
	gmu.Lock()
	onlyFromUnused()
	gmu.Unlock()
}

// An exported method that releases the receiver's lock it never takes:
// every caller holds it, wherever it is.
func (s *store) Unlock() { // want `entry: s.mu`
	s.flush()
	s.mu.Unlock()
}

// Its only caller holds the lock (by Unlock's contract) at the call.
func (s *store) flush() {} // want `entry: s.mu`

// Released on some paths only: no contract.
func (s *store) MaybeUnlock(b bool) {
	if b {
		s.mu.Unlock()
	}
}

// A callback handed to a function that only calls it, in a handler it
// subscribes, under the lock (nats' startProbeSubscription): the
// callback runs with the lock held.
type prober struct {
	mu       sync.Mutex
	handlers []func()
	items    map[string]int
}

func (p *prober) probe(retry func()) { // want `entry: p.mu`
	p.handlers = append(p.handlers, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		retry()
	})
}

func (p *prober) setup(k string) { p.items[k] = 1 } // want `entry: p.mu`

func (p *prober) Update(k string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setup(k)
	p.probe(func() { p.setup(k) }) // want `entry: p.mu`
}

// Its twin: the handler calls the callback without the lock.
type prober2 struct {
	mu       sync.Mutex
	handlers []func()
	items    map[string]int
}

func (p *prober2) probe(retry func()) { // want `entry: p.mu`
	p.handlers = append(p.handlers, func() { retry() })
}

func (p *prober2) setup(k string) { p.items[k] = 1 }

func (p *prober2) Update(k string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setup(k)
	p.probe(func() { p.setup(k) })
}
