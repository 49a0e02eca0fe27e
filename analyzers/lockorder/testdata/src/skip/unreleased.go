package skip

import (
	"errors"
	"sync"
)

// A function that unlocks its lock on the way round a loop but returns
// holding it looks like a lock helper; when nothing in the package can
// release the lock after the return, it is a leak.

type Client struct {
	mu     sync.RWMutex
	closed bool
}

type remote struct {
	client *Client
}

var errClosed = errors.New("closed")

// ❌ The closed path returns read-holding the client's lock, and no
// caller (nor anything else) ever releases it.
func (r *remote) acquire() error {
	for {
		r.client.mu.RLock()
		if r.client.closed {
			return errClosed // want `r.client.mu is still read-locked at this return, and nothing in the package releases it`
		}
		r.client.mu.RUnlock()
	}
}

func (r *remote) get() error {
	return r.acquire()
}

func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
}

type Pool struct {
	mu    sync.Mutex
	ready bool
}

// ✅ Twin: the same loop is a lock helper whose caller releases.
func (p *Pool) waitReady() {
	for {
		p.mu.Lock()
		if p.ready {
			return
		}
		p.mu.Unlock()
	}
}

func (p *Pool) use() {
	p.waitReady()
	defer p.mu.Unlock()
	p.ready = false
}

type Exposed struct {
	sync.Mutex
	ready bool
}

// ✅ An embedded mutex: code elsewhere may call the promoted Unlock.
func (e *Exposed) waitReady() {
	for {
		e.Lock()
		if e.ready {
			return
		}
		e.Unlock()
	}
}

func (e *Exposed) start() { e.waitReady() }
