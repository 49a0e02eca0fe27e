// Package race gives every analyzer of the suite work on one package,
// each on its own goroutine over the shared models, for TestRace: a
// goroutine started through method expressions (thunks the lock model
// first meets after it is sealed), bound method values, closures,
// generics, maps, channels and contexts.
package race

import (
	"context"
	"sync"
	"time"
)

type Pipe struct {
	mu    sync.Mutex
	ready chan bool
	seen  map[string]int
}

func (p *Pipe) release() {
	for range p.ready {
		p.mu.Unlock()
	}
}

func (p *Pipe) idle() {}

// A held lock at one return only: lockorder asks whether the goroutine,
// one of two thunks, releases it.
func (p *Pipe) feed(quiet bool) {
	p.mu.Lock()
	if quiet {
		p.mu.Unlock()
		return
	}
	start := (*Pipe).release
	if p.seen == nil {
		start = (*Pipe).idle
	}
	go start(p)
}

func (p *Pipe) Count(k string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[k]
}

func (p *Pipe) Add(k string) {
	go func() { p.seen[k]++ }()
	f := p.Count
	go f(k)
}

type Box[T any] struct {
	mu sync.Mutex
	v  map[string]T
}

func (b *Box[T]) Put(k string, v T) {
	b.mu.Lock()
	b.v[k] = v
	b.mu.Unlock()
}

func (b *Box[T]) Get(k string) T { return b.v[k] }

func Fill(b *Box[int], p *Pipe) {
	for i := range 3 {
		go b.Put("k", i)
	}
	p.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	p.mu.Unlock()
	b.mu.Lock()
	p.mu.Lock()
	p.mu.Unlock()
	b.mu.Unlock()
}

func Wait(ctx context.Context, out chan<- int) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	done := make(chan int)
	go func() { done <- 1 }()
	select {
	case v := <-done:
		out <- v
		close(out)
	case <-ctx.Done():
		return ctx.Err()
	}
	cancel()
	return nil
}
