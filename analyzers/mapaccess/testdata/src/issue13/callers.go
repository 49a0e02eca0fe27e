package issue13

import (
	"sync"
	"time"
)

// ✅ 14, the lock held by every caller (nats' trackPending): the spawner
// writes the map under a lock its callers hold ("Lock should be held"),
// and the callback takes the same lock.
type tracker struct {
	mu      sync.Mutex
	pending map[int]int
	timer   *time.Timer
}

// track: lock should be held.
func (o *tracker) track(seq int) {
	if o.timer == nil {
		o.timer = time.AfterFunc(time.Second, o.check)
	}
	o.pending[seq] = seq
}

func (o *tracker) check() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for range o.pending {
	}
}

func (o *tracker) Deliver(seq int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.track(seq)
}

func (o *tracker) Redeliver(seq int) {
	o.mu.Lock()
	o.track(seq + 1)
	o.mu.Unlock()
}

// ❌ Its twin: one caller does not hold the lock.
type tracker2 struct {
	mu      sync.Mutex
	pending map[int]int
	timer   *time.Timer
}

func (o *tracker2) track(seq int) {
	if o.timer == nil {
		o.timer = time.AfterFunc(time.Second, o.check)
	}
	o.pending[seq] = seq
}

func (o *tracker2) check() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for range o.pending { // want `map o.pending is read by this AfterFunc callback while its spawner writes it`
	}
}

func (o *tracker2) Deliver(seq int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.track(seq)
}

func (o *tracker2) Redeliver(seq int) {
	o.track(seq + 1) // want `map o.pending is written without o.mu, which guards it in`
}

// ✅ 14, two callers away (temporal's scheduleRefresh): refresh takes the
// lock, refreshLocked calls scheduleRefresh, which spawns a callback
// that refreshes again and deletes under the same lock.
type resolver struct {
	refreshLock sync.Mutex
	scheduled   map[int64]*time.Timer
}

func (r *resolver) refresh() {
	r.refreshLock.Lock()
	defer r.refreshLock.Unlock()
	r.refreshLocked()
}

func (r *resolver) refreshLocked() { r.scheduleRefresh(time.Now().Unix()) }

func (r *resolver) scheduleRefresh(next int64) {
	if _, ok := r.scheduled[next]; ok {
		return
	}
	r.scheduled[next] = time.AfterFunc(time.Second, func() {
		r.refresh()
		r.refreshLock.Lock()
		defer r.refreshLock.Unlock()
		delete(r.scheduled, next)
	})
}

func (r *resolver) Start() { r.refresh() }

// ❌ Its twin: the callback deletes without the lock.
type resolver2 struct {
	refreshLock sync.Mutex
	scheduled   map[int64]*time.Timer
}

func (r *resolver2) refresh() {
	r.refreshLock.Lock()
	defer r.refreshLock.Unlock()
	r.refreshLocked()
}

func (r *resolver2) refreshLocked() { r.scheduleRefresh(time.Now().Unix()) }

func (r *resolver2) scheduleRefresh(next int64) {
	if _, ok := r.scheduled[next]; ok {
		return
	}
	r.scheduled[next] = time.AfterFunc(time.Second, func() {
		r.refresh()
		delete(r.scheduled, next) // want `map r.scheduled is written by this AfterFunc callback while its spawner`
	})
}

func (r *resolver2) Start() { r.refresh() }

// ✅ 14, a spawner called under the lock by each of its callers (nats'
// setupSourceConsumer), one of them the callback itself.
type sourcer struct {
	mu        sync.Mutex
	schedules map[string]*time.Timer
}

func (s *sourcer) setup(name string) {
	s.schedules[name] = time.AfterFunc(time.Second, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.schedules, name)
		s.setup(name)
	})
}

func (s *sourcer) Update(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setup(name)
}

// ❌ Its twin: an exported spawner, whose callers elsewhere are unseen.
type sourcer2 struct {
	mu        sync.Mutex
	schedules map[string]*time.Timer
}

func (s *sourcer2) Setup(name string) {
	s.schedules[name] = time.AfterFunc(time.Second, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.schedules, name) // want `map s.schedules is written by this AfterFunc callback while its spawner writes it`
	})
}

func (s *sourcer2) Update(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Setup(name)
}
