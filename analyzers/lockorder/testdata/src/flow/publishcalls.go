package flow

import (
	"fmt"
	"sync"
)

// Shape 1 through calls (nats-server createGateway): a method that
// keeps a Cond on the object's own mutex in the object stores it
// nowhere shared, and a publication on one arm of a branch does not
// reach the other arm of a later test of the same condition.

type Gw struct {
	mu   sync.Mutex
	cond *sync.Cond
}

type Hub struct {
	mu  sync.Mutex
	gws []*Gw
}

func (g *Gw) setup()          { g.cond = sync.NewCond(&g.mu) }
func (g *Gw) register(h *Hub) { h.gws = append(h.gws, g) }

// ❌ The new Gw is registered, on the arm that then takes the hub lock.
func (h *Hub) createShared(outbound bool) {
	g := &Gw{}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.setup()
	if outbound {
		g.register(h)
	}
	if outbound {
		h.mu.Lock() // want `lock order inversion: \(flow.Gw\).mu then \(flow.Hub\).mu here in \(\*flow.Hub\).createShared`
		h.mu.Unlock()
	}
}

func (h *Hub) each() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, g := range h.gws {
		g.mu.Lock()
		g.mu.Unlock()
	}
}

// The same types again, for the correct twin: one pair of classes
// makes one cycle, reported once.
type Peer struct {
	mu   sync.Mutex
	cond *sync.Cond
}

type Mesh struct {
	mu    sync.Mutex
	peers []*Peer
}

func (p *Peer) setup()           { p.cond = sync.NewCond(&p.mu) }
func (p *Peer) register(m *Mesh) { m.peers = append(m.peers, p) }

// ✅ Registered on the inbound arm only; the outbound arm, which takes
// the mesh lock, holds a Peer no one else can reach.
func (m *Mesh) create(outbound bool) {
	p := &Peer{}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setup()
	if !outbound {
		p.register(m)
	}
	if outbound {
		m.mu.Lock()
		m.mu.Unlock()
	}
}

func (m *Mesh) each() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.peers {
		p.mu.Lock()
		p.mu.Unlock()
	}
}

// Parameters (grpc grpclb_test.go equal): an unexported function every
// caller passes a fresh object it has not published yet receives an
// object only this goroutine can reach; printing it with fmt keeps
// nothing.

type Stats struct {
	mu sync.Mutex
	n  int
}

// ✅ o is always a fresh Stats: checkStats' want, from expect's want,
// made by expectOne; the loop prints it with fmt.Errorf in between.
func (s *Stats) equal(o *Stats) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.mu.Lock()
	defer o.mu.Unlock()
	return s.n == o.n
}

func checkStats(got, want *Stats) error {
	if !got.equal(want) {
		return fmt.Errorf("got %v, want %v", got, want)
	}
	return nil
}

func expect(got, want *Stats) error {
	for range 3 {
		if checkStats(got, want) == nil {
			return nil
		}
	}
	return checkStats(got, want)
}

func expectOne(got *Stats) error { return expect(got, &Stats{n: 1}) }

var shared []*Stats

// ❌ Twin: one caller publishes the Stats it passes first.
func (s *Stats) same(o *Stats) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.mu.Lock() // want `o.mu is locked while s.mu is held, and both are \(flow.Stats\).mu`
	defer o.mu.Unlock()
	return s.n == o.n
}

func sameFresh(got *Stats) bool { return got.same(&Stats{}) }

func sameShared(got *Stats) bool {
	o := &Stats{}
	shared = append(shared, o)
	return got.same(o)
}

type Job struct {
	mu sync.Mutex
	n  int
}

// ❌ Twin: merge is called directly with a fresh Job only, but it is
// also handed out as a method value: its callers are not all seen.
func (j *Job) merge(o *Job) {
	j.mu.Lock()
	defer j.mu.Unlock()
	o.mu.Lock() // want `o.mu is locked while j.mu is held, and both are \(flow.Job\).mu`
	o.mu.Unlock()
}

func mergeFresh(j *Job) { j.merge(&Job{}) }

var jobHooks []func(*Job)

func hookJob(j *Job) { jobHooks = append(jobHooks, j.merge) }
