package handover

import "sync"

// ✅ The goroutine locks, the function that starts it unlocks after a
// channel handshake (the stdlib's TestRLocker): wl is not still held
// on the goroutine's next pass.
func relayed(n int) {
	var wl sync.RWMutex
	locked := make(chan bool, 1)
	go func() {
		for i := 0; i < n; i++ {
			wl.Lock()
			locked <- true
		}
	}()
	for i := 0; i < n; i++ {
		<-locked
		wl.Unlock()
	}
}

// ❌ Twin: the same loop without the other goroutine's unlock.
func relayedStuck(n int) {
	var wl sync.RWMutex
	locked := make(chan bool, 1)
	go func() {
		for i := 0; i < n; i++ {
			wl.Lock() // want `self-deadlock: wl is locked again while still held from an earlier pass`
			locked <- true
		}
	}()
	for i := 0; i < n; i++ {
		<-locked
	}
}

// Pipe's feeder locks p.mu on each pass; the goroutine it starts
// unlocks it after receiving the handshake.
type Pipe struct {
	mu    sync.Mutex
	ready chan bool
}

func (p *Pipe) release() {
	for range p.ready {
		p.mu.Unlock()
	}
}

func (p *Pipe) drain() {
	for range p.ready {
	}
}

// ✅ The goroutine it starts releases p.mu.
func (p *Pipe) feed(n int) {
	go p.release()
	for i := 0; i < n; i++ {
		p.mu.Lock()
		p.ready <- true
	}
}

// ❌ Twin: the goroutine it starts only drains the channel.
func (p *Pipe) feedStuck(n int) {
	go p.drain()
	for i := 0; i < n; i++ {
		p.mu.Lock() // want `self-deadlock: p.mu is locked again while still held from an earlier pass`
		p.ready <- true
	}
}

// ✅ A method started as a goroutine locks; its starter unlocks.
func (p *Pipe) lockEach(n int) {
	for i := 0; i < n; i++ {
		p.mu.Lock()
		p.ready <- true
	}
}

func (p *Pipe) Run(n int) {
	go p.lockEach(n)
	for i := 0; i < n; i++ {
		<-p.ready
		p.mu.Unlock()
	}
}
