package issue13

import (
	"sync"
	"time"
)

// ✅ 14, the caller's lock on a local alias (nats' deliverMsg): client
// := sub.client; client.mu.Lock(); client.track(...): track's receiver
// is the local, so the lock is its receiver's, and the callback takes
// it too.
type conn struct {
	mu   sync.Mutex
	rr   *replies
	kind int
}

type replies struct {
	rmap map[string]int
	ptmr *time.Timer
}

type subscription struct{ client *conn }

// track: lock assumed held.
func (c *conn) track(reply string) {
	if c.rr == nil {
		c.rr = &replies{rmap: map[string]int{}, ptmr: time.AfterFunc(time.Second, c.prune)}
	}
	c.rr.rmap[reply] = 1
}

func (c *conn) prune() {
	c.mu.Lock()
	for k := range c.rr.rmap {
		delete(c.rr.rmap, k)
	}
	c.mu.Unlock()
}

func (c *conn) deliver(sub *subscription, reply string) bool {
	client := sub.client
	if client == nil || c == client {
		return false
	}
	client.mu.Lock()
	if client.kind == 0 {
		client.mu.Unlock()
		return false
	}
	if client.kind == 2 {
		client.stalled()
	}
	if !client.allowed(reply, true) {
		client.mu.Unlock()
		return false
	}
	client.track(reply)
	client.mu.Unlock()
	return true
}

// allowed takes the lock only when its caller does not hold it.
func (c *conn) allowed(subject string, hasLock bool) bool {
	if !hasLock {
		c.mu.Lock()
	}
	ok := subject != "" && c.kind > 0
	if !hasLock {
		c.mu.Unlock()
	}
	return ok
}

// stalled waits without the lock and takes it back before it returns.
func (c *conn) stalled() {
	c.mu.Unlock()
	defer c.mu.Lock()
	time.Sleep(time.Millisecond)
}

func (c *conn) Process(sub *subscription) { c.deliver(sub, "x") }

// ❌ Its twin: the caller locks its own mutex, not the alias's.
type conn2 struct {
	mu sync.Mutex
	rr *replies2
}

type replies2 struct {
	rmap map[string]int
	ptmr *time.Timer
}

type subscription2 struct{ client *conn2 }

func (c *conn2) track(reply string) {
	if c.rr == nil {
		c.rr = &replies2{rmap: map[string]int{}, ptmr: time.AfterFunc(time.Second, c.prune)}
	}
	c.rr.rmap[reply] = 1
}

func (c *conn2) prune() {
	c.mu.Lock()
	for k := range c.rr.rmap { // want `map c.rr.rmap is read by this AfterFunc callback while its spawner writes it`
		delete(c.rr.rmap, k)
	}
	c.mu.Unlock()
}

func (c *conn2) deliver(sub *subscription2, reply string) {
	client := sub.client
	c.mu.Lock()
	client.track(reply)
	c.mu.Unlock()
}

func (c *conn2) Process(sub *subscription2) { c.deliver(sub, "x") }
