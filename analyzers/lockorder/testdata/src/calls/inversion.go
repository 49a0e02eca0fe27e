// Package calls holds lock-order inversions whose second lock is taken
// behind a call: one and two calls away, behind an interface method,
// behind a method value or a closure stored in a struct field, and on
// some paths of the callee only. Each scenario has its own two classes
// so that the cycles stay apart; each buggy shape has a correct twin.
package calls

import "sync"

// One call away, a function.

type A1 struct{ mu sync.Mutex }
type B1 struct{ mu sync.Mutex }

func lockB1(b *B1) {
	b.mu.Lock()
	b.mu.Unlock()
}

func a1ThenB1(a *A1, b *B1) {
	a.mu.Lock()
	lockB1(b) // want `lock order inversion: \(calls.A1\).mu then \(calls.B1\).mu here \(via calls.a1ThenB1 → calls.lockB1\), but \(calls.B1\).mu then \(calls.A1\).mu at inversion.go:\d+ in calls.b1ThenA1`
	a.mu.Unlock()
}

func b1ThenA1(a *A1, b *B1) {
	b.mu.Lock()
	a.mu.Lock()
	a.mu.Unlock()
	b.mu.Unlock()
}

// Two calls away, methods.

type A2 struct{ mu sync.Mutex }
type B2 struct{ mu sync.Mutex }

func (b *B2) inner() { b.mu.Lock(); b.mu.Unlock() }
func (b *B2) outer() { b.inner() }

func (a *A2) thenB(b *B2) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.outer() // want `lock order inversion: \(calls.A2\).mu then \(calls.B2\).mu here \(via \(\*calls.A2\).thenB → \(\*calls.B2\).outer → \(\*calls.B2\).inner\)`
}

func (b *B2) thenA(a *A2) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}

// Behind an interface method implemented in the package (its only
// implementation).

type Notifier interface{ Notify() }

type A3 struct {
	mu sync.Mutex
	n  Notifier
}

type B3 struct{ mu sync.Mutex }

func (b *B3) Notify() { b.mu.Lock(); b.mu.Unlock() }

func (a *A3) emit() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n.Notify() // want `lock order inversion: \(calls.A3\).mu then \(calls.B3\).mu here \(via \(\*calls.A3\).emit → \(\*calls.B3\).Notify\)`
}

func (b *B3) poll(a *A3) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}

// Behind a method value stored in a struct field.

type A4 struct {
	mu       sync.Mutex
	onChange func()
}

type B4 struct{ mu sync.Mutex }

func (b *B4) changed() { b.mu.Lock(); b.mu.Unlock() }

func newA4(b *B4) *A4 {
	a := &A4{}
	a.onChange = b.changed
	return a
}

func (a *A4) set() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.onChange() // want `lock order inversion: \(calls.A4\).mu then \(calls.B4\).mu here \(via \(\*calls.A4\).set → \(\*calls.B4\).changed\)`
}

func (b *B4) sync(a *A4) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}

// Behind a closure stored in a struct field.

type A5 struct {
	mu   sync.Mutex
	done func()
}

type B5 struct{ mu sync.Mutex }

func newA5(b *B5) *A5 {
	return &A5{done: func() {
		b.mu.Lock()
		b.mu.Unlock()
	}}
}

func (a *A5) finish() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.done() // want `lock order inversion: \(calls.A5\).mu then \(calls.B5\).mu here \(via \(\*calls.A5\).finish → calls.newA5\$1\)`
}

func (b *B5) sweep(a *A5) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}

// The callee takes the lock on some paths only: inside an if, and
// inside a loop.

type A6 struct{ mu sync.Mutex }
type B6 struct {
	mu    sync.Mutex
	items []int
}

func (b *B6) maybeTrim(n int) {
	if n > len(b.items) {
		return
	}
	b.mu.Lock()
	b.items = b.items[n:]
	b.mu.Unlock()
}

func (a *A6) trim(b *B6) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.maybeTrim(1) // want `lock order inversion: \(calls.A6\).mu then \(calls.B6\).mu here \(via \(\*calls.A6\).trim → \(\*calls.B6\).maybeTrim\)`
}

func (b *B6) flush(a *A6) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}

type A7 struct{ mu sync.Mutex }
type B7 struct{ mu sync.Mutex }

func lockEach(bs []*B7) {
	for _, b := range bs {
		b.mu.Lock()
		b.mu.Unlock()
	}
}

func (a *A7) all(bs []*B7) {
	a.mu.Lock()
	lockEach(bs) // want `lock order inversion: \(calls.A7\).mu then \(calls.B7\).mu here \(via \(\*calls.A7\).all → calls.lockEach\)`
	a.mu.Unlock()
}

func (b *B7) back(a *A7) {
	b.mu.Lock()
	a.mu.Lock()
	a.mu.Unlock()
	b.mu.Unlock()
}

// ✅ The same calls with one order only.

type C1 struct{ mu sync.Mutex }
type D1 struct {
	mu sync.Mutex
	n  Notifier2
	cb func()
}

type Notifier2 interface{ Notify2() }

func (c *C1) Notify2() { c.mu.Lock(); c.mu.Unlock() }

func (c *C1) maybe(ok bool) {
	if ok {
		c.mu.Lock()
		c.mu.Unlock()
	}
}

func newD1(c *C1) *D1 { return &D1{n: c, cb: c.Notify2} }

func (d *D1) ordered(c *C1) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.n.Notify2()
	d.cb()
	c.maybe(true)
}

// Behind a callback stored by a setter: the field holds what the
// package passes to it.

type A8 struct {
	mu      sync.Mutex
	onEvent func()
}

type B8 struct{ mu sync.Mutex }

func (a *A8) SetOnEvent(f func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.onEvent = f
}

func wire(a *A8, b *B8) {
	a.SetOnEvent(func() {
		b.mu.Lock()
		b.mu.Unlock()
	})
}

func (a *A8) event() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.onEvent != nil {
		a.onEvent() // want `lock order inversion: \(calls.A8\).mu then \(calls.B8\).mu here \(via \(\*calls.A8\).event → calls.wire\$1\)`
	}
}

func (b *B8) stop(a *A8) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}
