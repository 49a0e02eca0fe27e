package generic

import "sync"

// Guarded is a generic mutex wrapper.
type Guarded[T any] struct {
	mu sync.Mutex
	v  T
}

func (g *Guarded[T]) Set(v T) {
	g.mu.Lock()
	g.v = v
	g.mu.Unlock()
}

func (g *Guarded[T]) Do(f func(T)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f(g.v)
}

// ❌ Set locks g.mu again.
func setTwice(g *Guarded[int]) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.Set(2) // want `self-deadlock: g.mu is locked again .*via \(\*generic.Guarded\[T any\]\).Set|self-deadlock: g.mu is locked again`
}

// ✅ Sequential use through generic methods.
func sequential(g *Guarded[string]) {
	g.Set("a")
	g.Do(func(string) {})
}

// Locker is a generic constraint over lockers.
type Locker interface {
	Lock()
	Unlock()
}

// ✅ Locking through a type parameter: the concrete mutex is unknown.
func withLock[L Locker](l L, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

func callWithLock(mu *sync.Mutex) {
	withLock(mu, func() {})
}
