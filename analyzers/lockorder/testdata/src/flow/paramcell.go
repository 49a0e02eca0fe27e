package flow

import (
	"sync"
	"time"
)

// A parameter a closure captures lives in a cell go/ssa spills it to;
// when nothing but the parameter is ever stored there, c.mu below the
// cell is the receiver's lock, as in a method without closures.

type Gateway struct {
	mu    sync.RWMutex
	conns []*Link
}

type Link struct {
	mu sync.Mutex
	gw *Gateway
	n  int
}

func (l *Link) fail() {}

// ✅ The handshake lets go of its caller's l.mu before it takes the
// gateway's lock, and takes it back: the caller does not hold l.mu
// around the gateway lock, though a timer callback captures l.
func (l *Link) handshake() {
	t := time.AfterFunc(time.Second, func() { l.fail() })
	l.mu.Unlock()
	l.gw.mu.Lock()
	l.gw.mu.Unlock()
	l.mu.Lock()
	t.Stop()
}

func (g *Gateway) connect(l *Link) {
	l.mu.Lock()
	l.handshake()
	l.mu.Unlock()
}

// ❌ The twin keeps its caller's l.mu across the gateway's lock.
func (l *Link) handshakeHeld() {
	t := time.AfterFunc(time.Second, func() { l.fail() })
	l.gw.mu.Lock()
	l.gw.mu.Unlock()
	t.Stop()
}

func (g *Gateway) connectHeld(l *Link) {
	l.mu.Lock()
	l.handshakeHeld() // want `lock order inversion: \(flow.Link\).mu then \(flow.Gateway\).mu here \(via \(\*flow.Gateway\).connectHeld → \(\*flow.Link\).handshakeHeld\)`
	l.mu.Unlock()
}

func (g *Gateway) stats() {
	g.mu.RLock()
	for _, l := range g.conns {
		l.mu.Lock()
		l.n++
		l.mu.Unlock()
	}
	g.mu.RUnlock()
}

// ✅ A closure that locks only when the captured parameter says so:
// remove(false), called with l.mu held, does not lock it again.
func (l *Link) remove(needLock bool) {
	lock := func() {
		if needLock {
			l.mu.Lock()
		}
	}
	unlock := func() {
		if needLock {
			l.mu.Unlock()
		}
	}
	lock()
	l.n--
	unlock()
}

func (l *Link) expire() {
	l.mu.Lock()
	l.remove(false)
	l.mu.Unlock()
}

// ❌ The twin passes true with l.mu held.
func (l *Link) expireHeld() {
	l.mu.Lock()
	l.remove(true) // want `self-deadlock: l.mu is locked again while this goroutine holds it`
	l.mu.Unlock()
}

// ❌ A flag the function sets again before the closure reads it is not
// its caller's argument: the closure may lock whatever was passed.
func (l *Link) removeSome(needLock bool) {
	if l.n > 10 {
		needLock = true
	}
	lock := func() {
		if needLock {
			l.mu.Lock()
		}
	}
	lock()
	l.n--
	if needLock {
		l.mu.Unlock()
	}
}

func (l *Link) expireSome() {
	l.mu.Lock()
	l.removeSome(false) // want `self-deadlock: l.mu is locked again while this goroutine holds it`
	l.mu.Unlock()
}

type handler func(n int)

type sub struct{ cb handler }

type Source struct {
	mu   sync.Mutex
	subs []*sub
}

// subscribe stores the callback; it runs later, on the delivering
// goroutine, not under the subscriber's locks.
func (s *Source) subscribe(cb handler) (*sub, error) {
	if cb == nil {
		return nil, errFailed
	}
	x := &sub{cb: cb}
	s.subs = append(s.subs, x)
	return x, nil
}

func (s *Source) unsubscribeUnlocked(x *sub) {
	s.mu.Lock()
	s.subs = s.subs[:0]
	s.mu.Unlock()
}

// ✅ The stored callback locks s.mu when a message comes, not here,
// though setup runs with s.mu held and the callback captures s.
func (s *Source) setup() {
	s.subscribe(func(int) { s.unsubscribeUnlocked(nil) })
}

// ❌ The twin calls the locking helper itself on an error path (nats
// v2.9.25 setSourceConsumer's unsubscribeUnlocked(crSub)).
func (s *Source) setupRetry() {
	first, _ := s.subscribe(func(int) { s.unsubscribeUnlocked(nil) })
	if _, err := s.subscribe(nil); err != nil {
		s.unsubscribeUnlocked(first)
	}
}

func (s *Source) start() {
	s.mu.Lock()
	s.setup()
	s.setupRetry() // want `self-deadlock: s.mu is locked again while this goroutine holds it; sync mutexes are not reentrant \(via \(\*flow.Source\).setupRetry → \(\*flow.Source\).unsubscribeUnlocked`
	s.mu.Unlock()
}
