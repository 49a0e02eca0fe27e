package calls

import (
	"io"
	"sync"
)

// ✅ An interface with two implementations in the package: the one
// that would close the cycle may never be the dynamic type here (the
// buggy twin with a single implementation is A3/B3 in inversion.go).

type Sink interface{ Write(p []byte) }

type P1 struct {
	mu   sync.Mutex
	sink Sink
}

type Q1 struct{ mu sync.Mutex }

type nopSink struct{}

func (nopSink) Write([]byte) {}

func (q *Q1) Write([]byte) { q.mu.Lock(); q.mu.Unlock() }

func (p *P1) log(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sink.Write(b)
}

func (q *Q1) report(p *P1) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p.mu.Lock()
	p.mu.Unlock()
}

// ✅ An interface of another package (io.Closer) implemented once here:
// callers may pass any implementation.

type P2 struct {
	mu sync.Mutex
	c  io.Closer
}

type Q2 struct{ mu sync.Mutex }

func (q *Q2) Close() error { q.mu.Lock(); q.mu.Unlock(); return nil }

func (p *P2) shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.c.Close()
}

func (q *Q2) drain(p *P2) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p.mu.Lock()
	p.mu.Unlock()
}

// ✅ A cycle both of whose edges are locks callees take on some paths
// only (error paths, mostly, that never run together): a cycle rests on
// one such edge at most. The twin with one is A6/B6 in inversion.go.

type P3 struct{ mu sync.Mutex }
type Q3 struct{ mu sync.Mutex }

func (p *P3) retry(failed bool) {
	if failed {
		p.mu.Lock()
		p.mu.Unlock()
	}
}

func (q *Q3) retry(failed bool) {
	if failed {
		q.mu.Lock()
		q.mu.Unlock()
	}
}

func (p *P3) withQ(q *Q3, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	q.retry(err != nil)
}

func (q *Q3) withP(p *P3, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p.retry(err != nil)
}

// ✅ A lock a callee three calls down takes on some paths only (here a
// failure path) is no witness on which a cycle rests: on real servers
// such edges were error and cleanup paths that let go of the caller's
// lock first. The buggy twin, two calls down, is ShallowA/ShallowB.

type DeepA struct{ mu sync.Mutex }
type DeepB struct {
	mu     sync.Mutex
	broken bool
}

func (b *DeepB) fail() {
	if b.broken {
		b.mu.Lock()
		b.mu.Unlock()
	}
}

func (b *DeepB) check()  { b.fail() }
func (b *DeepB) verify() { b.check() }

func (a *DeepA) deep(b *DeepB) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.verify()
}

func (b *DeepB) back(a *DeepA) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}

type ShallowA struct{ mu sync.Mutex }
type ShallowB struct {
	mu     sync.Mutex
	broken bool
}

func (b *ShallowB) fail() {
	if b.broken {
		b.mu.Lock()
		b.mu.Unlock()
	}
}

func (b *ShallowB) check() { b.fail() }

func (a *ShallowA) shallow(b *ShallowB) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.check() // want `lock order inversion: \(calls.ShallowA\).mu then \(calls.ShallowB\).mu here \(via \(\*calls.ShallowA\).shallow → \(\*calls.ShallowB\).check → \(\*calls.ShallowB\).fail\)`
}

func (b *ShallowB) back(a *ShallowA) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}
