package mixed

import "sync"

// ✅ The Done caller takes the lock only before its own count is added,
// and adds inside a helper that takes the lock too, before its Add
// (nats-server's consumer: stopMonitoring, then shouldStartMonitor,
// then clearMonitorRunning when the goroutine could not start): a stop
// holding the lock waits for no count of a Done caller that needs it.
type Consumer struct {
	monitorMu sync.Mutex
	monitorWg sync.WaitGroup
	mu        sync.Mutex
	running   bool
}

func (o *Consumer) shouldStart() bool {
	o.monitorMu.Lock()
	defer o.monitorMu.Unlock()
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.running {
		return false
	}
	o.running = true
	o.monitorWg.Add(1)
	return true
}

func (o *Consumer) clearRunning() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.running {
		o.monitorWg.Done()
		o.running = false
	}
}

func (o *Consumer) Stop() {
	o.monitorMu.Lock()
	defer o.monitorMu.Unlock()
	o.monitorWg.Wait()
}

func (o *Consumer) Restart(start func(func()) bool) {
	o.Stop()
	if o.shouldStart() {
		if !start(o.clearRunning) {
			o.clearRunning()
		}
	}
}

// ❌ The twin: the helper adds before it takes the lock, so the count
// is added when the Done caller waits for the lock.
type Consumer2 struct {
	monitorMu sync.Mutex
	monitorWg sync.WaitGroup
	mu        sync.Mutex
	running   bool
}

func (o *Consumer2) shouldStart() bool {
	o.monitorWg.Add(1)
	o.monitorMu.Lock()
	defer o.monitorMu.Unlock()
	o.mu.Lock()
	defer o.mu.Unlock()
	o.running = true
	return true
}

func (o *Consumer2) clearRunning() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.running {
		o.monitorWg.Done()
		o.running = false
	}
}

func (o *Consumer2) Stop() {
	o.monitorMu.Lock()
	defer o.monitorMu.Unlock()
	o.monitorWg.Wait() // want `deadlock: Wait on o.monitorWg blocks while o.monitorMu is held, and the Done caller \(\(\*Consumer2\).Restart\) locks o.monitorMu`
}

func (o *Consumer2) Restart(start func(func()) bool) {
	if o.shouldStart() {
		if !start(o.clearRunning) {
			o.clearRunning()
		}
	}
}

// ✅ A monitor goroutine that registers itself through a helper taking
// the lock before its Add, and is done when it returns (nats-server's
// stream monitor after a restore: startMonitorWg, then a deferred Done).
type Stream struct {
	monitorMu sync.Mutex
	monitorWg sync.WaitGroup
}

func (s *Stream) startMonitorWg() {
	s.monitorMu.Lock()
	s.monitorWg.Add(1)
	s.monitorMu.Unlock()
}

func (s *Stream) Stop() {
	s.monitorMu.Lock()
	defer s.monitorMu.Unlock()
	s.monitorWg.Wait()
}

func (s *Stream) monitor() {
	s.startMonitorWg()
	defer s.monitorWg.Done()
}

func (s *Stream) Start() { go s.monitor() }

// ❌ The twin: the goroutine is counted by its starter, and takes the
// lock before its deferred Done.
type Stream2 struct {
	monitorMu sync.Mutex
	monitorWg sync.WaitGroup
	n         int
}

func (s *Stream2) Stop() {
	s.monitorMu.Lock()
	defer s.monitorMu.Unlock()
	s.monitorWg.Wait() // want `deadlock: Wait on s.monitorWg blocks while s.monitorMu is held, and the Done caller \(\(\*Stream2\).monitor\) locks s.monitorMu`
}

func (s *Stream2) monitor() {
	defer s.monitorWg.Done()
	s.monitorMu.Lock()
	s.n++
	s.monitorMu.Unlock()
}

func (s *Stream2) Start() {
	s.monitorWg.Add(1)
	go s.monitor()
}

// ❌ A worker counted by its spawner takes the lock, then spawns
// another (an Add for the goroutine it starts, not for itself): a Stop
// holding the lock waits for its Done.
type Pool2 struct {
	mu sync.Mutex
	wg sync.WaitGroup
	n  int
}

func (p *Pool2) spawn() {
	p.wg.Add(1)
	go p.run()
}

func (p *Pool2) run() {
	defer p.wg.Done()
	p.mu.Lock()
	p.n++
	p.spawn()
	p.mu.Unlock()
}

func (p *Pool2) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait() // want `deadlock: Wait on p.wg blocks while p.mu is held, and the Done caller \(\(\*Pool2\).run\) locks p.mu`
}
