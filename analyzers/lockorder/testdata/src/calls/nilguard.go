package calls

import "sync"

// A callback called under a nil check of itself (if h.AddFunc != nil {
// h.AddFunc() }) runs whenever one is stored: its locks are taken on
// every path, not a may-acquire, and a cycle may rest on them however
// deep they are.

type Fifo struct {
	mu  sync.Mutex
	inf *Informer
}

type Handler struct{ AddFunc func() }

type Informer struct {
	mu   sync.Mutex
	h    Handler
	fifo *Fifo
}

func (h Handler) OnAdd() {
	if h.AddFunc != nil {
		h.AddFunc()
	}
}

func newInformer() *Informer {
	inf := &Informer{}
	inf.h = Handler{AddFunc: func() { inf.add() }}
	return inf
}

func (inf *Informer) add() {
	inf.mu.Lock()
	defer inf.mu.Unlock()
}

func (inf *Informer) process() { inf.h.OnAdd() }

// ❌ Fifo.mu, then Informer.mu four calls down behind the nil check.
func (f *Fifo) pop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inf.process() // want `lock order inversion: \(calls.Fifo\).mu then \(calls.Informer\).mu here`
}

// Informer.mu, then Fifo.mu.
func (inf *Informer) synced() {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	inf.fifo.has()
}

func (f *Fifo) has() {
	f.mu.Lock()
	defer f.mu.Unlock()
}

// ✅ Twin: a real condition guards the callback four calls down: a
// may-edge that deep closes no cycle.

type Fifo2 struct {
	mu  sync.Mutex
	inf *Informer2
}

type Handler2 struct {
	AddFunc func()
	Enabled bool
}

type Informer2 struct {
	mu   sync.Mutex
	h    Handler2
	fifo *Fifo2
}

func (h Handler2) OnAdd() {
	if h.Enabled {
		h.AddFunc()
	}
}

func newInformer2() *Informer2 {
	inf := &Informer2{}
	inf.h = Handler2{AddFunc: func() { inf.add() }}
	return inf
}

func (inf *Informer2) add() {
	inf.mu.Lock()
	defer inf.mu.Unlock()
}

func (inf *Informer2) process() { inf.h.OnAdd() }

func (f *Fifo2) pop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inf.process()
}

func (inf *Informer2) synced() {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	inf.fifo.has()
}

func (f *Fifo2) has() {
	f.mu.Lock()
	defer f.mu.Unlock()
}
