// Package robustcgo uses cgo: the analyzers see the cgo-processed files,
// whose positions map back to this file through //line directives.
package robustcgo

/*
#include <stdlib.h>

static int add(int a, int b) { return a + b; }

typedef struct { int n; } counter;

static void bump(counter *c) { c->n++; }
*/
import "C"

import (
	"context"
	"sync"
	"unsafe"
)

type Counter struct {
	mu sync.Mutex
	c  C.counter
	m  map[int]C.int
}

func (c *Counter) Bump() {
	c.mu.Lock()
	C.bump(&c.c)
	c.mu.Unlock()
}

func (c *Counter) Add(a, b int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := C.add(C.int(a), C.int(b))
	c.m[a] = r
	return int(r)
}

func Race(c *Counter) {
	for i := range 4 {
		go func() { c.m[i] = C.add(C.int(i), 1) }()
	}
	c.m[0] = 0
}

func Buffer(ctx context.Context, n int) {
	p := C.malloc(C.size_t(n))
	defer C.free(p)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := unsafe.Slice((*byte)(p), n)
		for i := range b {
			b[i] = 0
		}
		<-ctx.Done()
	}()
	cancel()
	<-done
	close(done)
}

func Order(a, b *Counter) {
	a.mu.Lock()
	b.mu.Lock()
	C.bump(&b.c)
	b.mu.Unlock()
	a.mu.Unlock()
}
