//go:build go1.21

package robustbroken

import (
	"context"
	"sync"
)

type Broken struct {
	mu  sync.Mutex
	box Undefined // BROKEN: undefined type
}

func (b *Broken) Lock() {
	b.mu.Lock()
	b.box.mu.Lock() // BROKEN: field of an undefined type
	b.mu.Unlock()
}

func Mismatch(ctx context.Context) {
	var n int = "string"                      // BROKEN: wrong type
	ctx, cancel := context.WithCancel(ctx, n) // BROKEN: too many arguments
	go func() {
		cancel(1) // BROKEN: too many arguments
		<-ctx.Done()
	}()
	ch := make(chan int)
	close(ch, ch) // BROKEN: too many arguments
	var m map[string]int
	go func() { m[1] = "x" }()      // BROKEN: wrong key and value types
	for i := range undefinedSlice { // BROKEN: undefined
		go func() { m["k"] = i }()
	}
	nope() // BROKEN: undefined
}

func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k], nil // BROKEN: too many return values
}
