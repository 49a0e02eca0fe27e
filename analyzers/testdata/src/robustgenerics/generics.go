// Package robustgenerics uses generics everywhere the analyzers look:
// generic mutex wrappers, type parameters on receivers, generic
// functions that start goroutines, contexts, channels of T and maps of
// K to V under locks.
package robustgenerics

import (
	"cmp"
	"context"
	"slices"
	"sync"
)

// Guarded is a generic mutex wrapper.
type Guarded[T any] struct {
	mu sync.Mutex
	v  T
}

func (g *Guarded[T]) Lock()   { g.mu.Lock() }
func (g *Guarded[T]) Unlock() { g.mu.Unlock() }

func (g *Guarded[T]) With(f func(*T)) {
	g.Lock()
	defer g.Unlock()
	f(&g.v)
}

// Locker is any type with Lock and Unlock, used as a constraint.
type Locker interface {
	sync.Locker
	comparable
}

// Pair holds two lockers of one type parameter.
type Pair[L Locker] struct{ A, B L }

func (p Pair[L]) Forward() {
	p.A.Lock()
	p.B.Lock()
	p.B.Unlock()
	p.A.Unlock()
}

func (p Pair[L]) Backward() {
	p.B.Lock()
	p.A.Lock()
	p.A.Unlock()
	p.B.Unlock()
}

// Map is a generic map under an RWMutex.
type Map[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func NewMap[K comparable, V any]() *Map[K, V] { return &Map[K, V]{m: map[K]V{}} }

func (m *Map[K, V]) Load(k K) (V, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	v, ok := m.m[k]
	return v, ok
}

func (m *Map[K, V]) Store(k K, v V) {
	m.mu.Lock()
	m.m[k] = v
	m.mu.Unlock()
}

// StoreUnlocked writes without the lock, from a goroutine.
func (m *Map[K, V]) StoreUnlocked(k K, v V) {
	go func() { m.m[k] = v }()
	m.m[k] = v
}

// Keys reads under the read lock and upgrades: a self-deadlock.
func (m *Map[K, V]) Keys() []K {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []K
	for k := range m.m {
		out = append(out, k)
	}
	m.mu.Lock()
	m.mu.Unlock()
	return out
}

// Fan starts a goroutine per item of any type and collects on a channel of T.
func Fan[T any, R cmp.Ordered](ctx context.Context, items []T, f func(context.Context, T) R) []R {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make(chan R, len(items))
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case out <- f(ctx, it):
			case <-ctx.Done():
			}
		}()
	}
	wg.Wait()
	close(out)
	var rs []R
	for r := range out {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return rs
}

// Pipe copies in to out until ctx ends, and closes out twice.
func Pipe[T any](ctx context.Context, in <-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for v := range in {
			select {
			case out <- v:
			case <-ctx.Done():
				close(out)
				return
			}
		}
	}()
	return out
}

// Leak loses the cancel function of a context made for type T.
func Leak[T any](ctx context.Context, v T) T {
	_, cancel := context.WithCancel(ctx)
	_ = cancel
	return v
}

// Cache nests generic types.
type Cache[K comparable, V any] struct {
	shards [4]Guarded[map[K]V]
	byKey  *Map[K, *Guarded[V]]
}

func (c *Cache[K, V]) Put(i int, k K, v V) {
	c.shards[i%4].With(func(m *map[K]V) {
		if *m == nil {
			*m = map[K]V{}
		}
		(*m)[k] = v
	})
	g, ok := c.byKey.Load(k)
	if !ok {
		g = &Guarded[V]{}
		c.byKey.Store(k, g)
	}
	g.Lock()
	g.v = v
	g.Unlock()
}

// Each runs f on every element concurrently through a method value on
// a generic receiver.
func Each[T any](g *Guarded[[]T], f func(T)) {
	var wg sync.WaitGroup
	g.Lock()
	for i := range g.v {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(g.v[i])
		}()
	}
	g.Unlock()
	wg.Wait()
}

func Instantiate() {
	var a, b sync.Mutex
	Pair[*sync.Mutex]{&a, &b}.Forward()
	Pair[*sync.Mutex]{&a, &b}.Backward()
	m := NewMap[string, int]()
	m.Store("a", 1)
	m.StoreUnlocked("b", 2)
	_ = m.Keys()
	_ = Fan(context.Background(), []int{1, 2}, func(_ context.Context, i int) string { return "" })
	_ = Leak(context.Background(), 3)
	c := &Cache[string, []byte]{byKey: NewMap[string, *Guarded[[]byte]]()}
	c.Put(1, "k", nil)
	Each(&Guarded[[]int]{v: []int{1}}, func(int) {})
}
