//go:build go1.21

// Package robustbroken does not type-check: types.go has type errors.
// This file is well typed and holds code every analyzer looks at, so
// a driver that runs despite errors has something to chew on.
package robustbroken

import (
	"context"
	"sync"
)

type Store struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store) Put(k string, v int) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

func Spawn(items []string, s *Store) {
	for i, it := range items {
		go func() { s.Put(it, i) }()
	}
}

func Leak(ctx context.Context) context.Context {
	ctx, _ = context.WithCancel(ctx)
	return ctx
}
