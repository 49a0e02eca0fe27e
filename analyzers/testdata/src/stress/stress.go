// Package stress holds shapes that have crashed or could crash
// analyzers: generics, self-assignment, goto, labelled loops, method
// values, nested closures, recursion, selects.
package stress

import (
	"context"
	"sync"
	"time"
)

type Guarded[T any] struct {
	mu sync.RWMutex
	m  map[string]T
	ch chan T
}

func (g *Guarded[T]) Get(k string) (T, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	v, ok := g.m[k]
	return v, ok
}

func (g *Guarded[T]) Set(k string, v T) {
	g.mu.Lock()
	g.m[k] = v
	g.mu.Unlock()
	select {
	case g.ch <- v:
	default:
	}
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, x := range xs {
		wg.Add(1)
		go func(x T) {
			defer wg.Done()
			mu.Lock()
			out = append(out, f(x))
			mu.Unlock()
		}(x)
	}
	wg.Wait()
	return out
}

func selfAssign(ctx context.Context) {
	var a, b, c func()
	_, a = context.WithCancel(ctx)
	b = a
	c = b
	a = c
	b = a
	defer a()
	defer b()
}

func gotos(mu *sync.Mutex, n int) {
	i := 0
loop:
	mu.Lock()
	i++
	mu.Unlock()
	if i < n {
		goto loop
	}
outer:
	for {
		for j := 0; j < n; j++ {
			if j == 3 {
				break outer
			}
			if j == 2 {
				continue outer
			}
		}
	}
}

func recursive(mu *sync.Mutex, n int) int {
	if n == 0 {
		return 0
	}
	mu.Lock()
	defer mu.Unlock()
	return recursive(mu, n-1) + 1
}

type Server struct {
	mu   sync.Mutex
	subs map[int]chan int
}

func (s *Server) loop(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.mu.Lock()
			for id, ch := range s.subs {
				close(ch)
				delete(s.subs, id)
			}
			s.mu.Unlock()
		}
	}
}

func (s *Server) Start(ctx context.Context) {
	go s.loop(ctx)
	f := s.loop
	go f(ctx)
	var once sync.Once
	once.Do(func() { go func() { go func() { s.Start(ctx) }() }() })
}

func channels[T any](in <-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for v := range in {
			out <- v
		}
	}()
	return out
}
