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

// ✅ The goroutine lets go of the lock the spawner took, then takes it
// again in its loop: its summary ends holding it, but it unlocks the
// spawner's lock where it does not hold it (prometheus'
// TestReshardRaceWithStop).
func reshard(n int, start, stop func(), reshards chan<- int) {
	h := sync.Mutex{}
	h.Lock()
	exit := make(chan struct{})
	go func() {
		for {
			start()
			h.Unlock()
			h.Lock()
			stop()
			select {
			case exit <- struct{}{}:
				return
			default:
			}
		}
	}()
	for i := 1; i < n; i++ {
		h.Lock()
		reshards <- i
		h.Unlock()
	}
	<-exit
}

// ❌ The twin: the goroutine only takes the lock, never lets go of the
// spawner's.
func reshardStuck(n int, start, stop func(), reshards chan<- int) {
	h := sync.Mutex{}
	h.Lock()
	go func() {
		for {
			start()
			h.Lock()
			stop()
			h.Unlock()
		}
	}()
	for i := 1; i < n; i++ {
		h.Lock() // want `h is locked again`
		reshards <- i
		h.Unlock()
	}
} // want `h is still locked at this return`
