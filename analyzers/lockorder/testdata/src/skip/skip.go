// Package skip holds paths that carry a lock past its unlock: a break,
// continue or branch that skips the Unlock and joins paths that made
// it, so the held-lock meet alone loses the lock.
package skip

import (
	"errors"
	"sync"
)

type Gossip struct {
	mu     sync.Mutex
	closed bool
	n      int
	items  []int
}

// ❌ A break leaves the loop holding the lock; the other break unlocks
// first, and both reach one return.
func (g *Gossip) bootstrap() {
	for {
		g.mu.Lock()
		if g.closed {
			break
		}
		g.mu.Unlock()
		break
	}
} // want `g.mu is still locked at this return on the path through line 23`

// ✅ Twin: the break unlocks first.
func (g *Gossip) bootstrapFixed() {
	for {
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			break
		}
		g.mu.Unlock()
		break
	}
}

var errDial = errors.New("dial")

func dial(i int) error {
	if i > 3 {
		return errDial
	}
	return nil
}

// ❌ A continue skips the unlock: the next iteration locks again.
func (g *Gossip) run() {
	for i := 0; i < 2; i++ {
		g.mu.Lock() // want `self-deadlock: g.mu is locked again while still held from an earlier pass`
		if err := dial(i); err != nil {
			continue
		}
		g.n++
		g.mu.Unlock()
	}
}

// ✅ Twin: the continue unlocks first.
func (g *Gossip) runFixed() {
	for i := 0; i < 2; i++ {
		g.mu.Lock()
		if err := dial(i); err != nil {
			g.mu.Unlock()
			continue
		}
		g.n++
		g.mu.Unlock()
	}
}

// ❌ The same through a labelled continue out of an inner loop.
func (g *Gossip) scan(rows [][]int) {
outer:
	for _, row := range rows {
		g.mu.Lock() // want `self-deadlock: g.mu is locked again while still held from an earlier pass`
		for _, v := range row {
			if v < 0 {
				continue outer
			}
			g.items = append(g.items, v)
		}
		g.mu.Unlock()
	}
}

// ✅ Twin: the labelled continue unlocks first.
func (g *Gossip) scanFixed(rows [][]int) {
outer:
	for _, row := range rows {
		g.mu.Lock()
		for _, v := range row {
			if v < 0 {
				g.mu.Unlock()
				continue outer
			}
			g.items = append(g.items, v)
		}
		g.mu.Unlock()
	}
}

// ❌ One branch forgets the unlock and the paths share the return.
func (g *Gossip) add(v int) {
	g.mu.Lock()
	if v < 0 {
		g.n--
	} else {
		g.items = append(g.items, v)
		g.mu.Unlock()
	}
} // want `g.mu is still locked at this return on the path through line`

// ✅ Locking and unlocking under the same condition.
func (g *Gossip) maybeLocked(lock bool) {
	if lock {
		g.mu.Lock()
	}
	g.n++
	if lock {
		g.mu.Unlock()
	}
}

// ✅ The same condition read from a field twice.
func (g *Gossip) fieldLocked() {
	for i := 0; i < 3; i++ {
		if !g.closed {
			g.mu.Lock()
		}
		g.n++
		if !g.closed {
			g.mu.Unlock()
		}
	}
}

// ✅ A flag records whether the lock is still held.
func (g *Gossip) flagged(v int) {
	g.mu.Lock()
	locked := true
	if v < 0 {
		g.mu.Unlock()
		locked = false
		g.n--
	}
	g.n++
	if locked {
		g.mu.Unlock()
	}
}

// ✅ A conditional lock helper announces through one shared return
// whether it holds.
func (g *Gossip) lockOpen() (ok bool) {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		ok = false
	} else {
		ok = true
	}
	return ok
}

// ✅ A lock taken only when the caller does not hold it: a helper whose
// parameter decides, with no path that took it released.
func (g *Gossip) lockUnlessHeld(held bool) {
	if !held {
		g.mu.Lock()
	}
	g.n++
}

// ✅ A deferred unlock covers the break.
func (g *Gossip) deferred() {
	for {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.closed {
			break
		}
		break
	}
}

// ✅ A flag set in the loop tells the next pass the lock is held.
func (g *Gossip) once(rows []int) {
	locked := false
	for _, v := range rows {
		if !locked && v > 0 {
			g.mu.Lock()
			locked = true
		}
		g.n += v
	}
	if locked {
		g.mu.Unlock()
	}
}

// ✅ The same condition tested twice, the parameter kept in a cell
// because a closure captures it.
func (g *Gossip) capturedFlag(rows []int, lock bool) {
	defer func() { _ = lock }()
	g.mu.Lock()
	g.n = 0
	g.mu.Unlock()
	for _, v := range rows {
		if lock {
			g.mu.Lock()
		}
		g.n += v
		if lock {
			g.mu.Unlock()
		}
	}
}

// ❌ Twin: the lock is taken on every pass, and released only when
// the captured flag says so.
func (g *Gossip) otherFlag(rows []int, lock bool) {
	defer func() { _ = lock }()
	for _, v := range rows {
		g.mu.Lock() // want `self-deadlock: g.mu is locked again while still held from an earlier pass`
		g.n += v
		if lock {
			g.mu.Unlock()
		}
	}
}

// Granter is pebble's ConcurrencyLimitScheduler shape: the callee is
// entered holding the caller's lock and always lets go of it, through
// `defer Unlock` after taking it back on the granting path.
type Granter struct {
	mu       sync.Mutex
	granting bool
	n        int
	poke     chan struct{}
	stop     chan struct{}
}

func (g *Granter) grantLockedAndUnlock() {
	defer g.mu.Unlock()
	if g.n == 0 {
		return
	}
	g.granting = true
	g.mu.Unlock()
	g.n++ // work without the lock
	g.mu.Lock()
	g.granting = false
}

// ✅ The callee releases the lock on every path, the granting one too.
func (g *Granter) loop() {
	for {
		select {
		case <-g.poke:
			g.mu.Lock()
			g.grantLockedAndUnlock()
		case <-g.stop:
			return
		}
	}
}

// ✅ The same callee on one branch, Unlock on the other.
func (g *Granter) adjust(d int) {
	g.mu.Lock()
	g.n += d
	if d < 0 {
		g.grantLockedAndUnlock()
	} else {
		g.mu.Unlock()
	}
}

// relockWithoutDefer lets go of the caller's lock and takes it back:
// its caller still holds the lock after the call.
func (g *Granter) relockWithoutDefer() {
	g.mu.Unlock()
	g.n++
	g.mu.Lock()
}

// ❌ Twin: the callee takes the lock back and nothing releases it.
func (g *Granter) loopRelock() {
	for {
		select {
		case <-g.poke:
			g.mu.Lock() // want `self-deadlock: g.mu is locked again while still held from an earlier pass`
			g.relockWithoutDefer()
		case <-g.stop:
			return
		}
	}
}
