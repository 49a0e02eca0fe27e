package mixed

import "sync"

// ✅ The Cond's L is a mutex made once and stored both as the Cond's L
// and in a field: Wait releases the field's lock (go-ethereum's
// download queue and state tracker).
type Tracker struct {
	lock *sync.RWMutex
	cond *sync.Cond
	used int
}

func NewTracker() *Tracker {
	lock := new(sync.RWMutex)
	return &Tracker{
		cond: sync.NewCond(lock),
		lock: lock,
	}
}

func (t *Tracker) Acquire() {
	t.lock.Lock()
	defer t.lock.Unlock()
	for t.used > 0 {
		t.cond.Wait()
	}
	t.used++
}

func (t *Tracker) Release() {
	t.lock.Lock()
	defer t.lock.Unlock()
	t.used--
	t.cond.Broadcast()
}

// ✅ The same through a constructor parameter stored in a field.
type Shared struct {
	lock *sync.Mutex
	cond *sync.Cond
	n    int
}

func NewShared(lock *sync.Mutex) *Shared {
	s := &Shared{lock: lock}
	s.cond = sync.NewCond(lock)
	return s
}

func (s *Shared) Pop() {
	s.lock.Lock()
	defer s.lock.Unlock()
	for s.n == 0 {
		s.cond.Wait()
	}
}

func (s *Shared) Push() {
	s.lock.Lock()
	s.n++
	s.lock.Unlock()
	s.cond.Signal()
}

// ❌ The twin: the mutex made for the Cond is stored in another field
// than the one held; Wait keeps t.lock held, and the signaller takes
// it first.
type Tracker2 struct {
	lock  *sync.RWMutex
	condL *sync.RWMutex
	cond  *sync.Cond
	used  int
}

func NewTracker2() *Tracker2 {
	l := new(sync.RWMutex)
	return &Tracker2{
		cond:  sync.NewCond(l),
		condL: l,
		lock:  new(sync.RWMutex),
	}
}

func (t *Tracker2) Acquire() {
	t.lock.Lock()
	defer t.lock.Unlock()
	t.condL.Lock()
	for t.used > 0 {
		t.cond.Wait() // want `deadlock: Wait on t.cond blocks while t.lock is held, and the Signal caller \(\(\*Tracker2\).Release\) locks t.lock`
	}
	t.condL.Unlock()
}

func (t *Tracker2) Release() {
	t.lock.Lock()
	t.used--
	t.lock.Unlock()
	t.cond.Broadcast()
}

// ✅ A Cond on a package-level mutex.
var (
	globalMu   sync.Mutex
	globalCond = sync.NewCond(&globalMu)
	globalN    int
)

func GlobalPop() {
	globalMu.Lock()
	defer globalMu.Unlock()
	for globalN == 0 {
		globalCond.Wait()
	}
}

func GlobalPush() {
	globalMu.Lock()
	globalN++
	globalMu.Unlock()
	globalCond.Signal()
}

// ✅ The Cond's L is a pointer the owner hands in (pebble's versionSet:
// vs.writerCond.L = mu, with mu = &d.mu): Wait may release the very
// mutex the caller holds, here DB.mu.
type versions struct {
	mu     *sync.Mutex
	writer sync.Cond
	busy   bool
}

func (vs *versions) init(mu *sync.Mutex) {
	vs.mu = mu
	vs.writer.L = mu
}

func (vs *versions) logAndApply() {
	for vs.busy {
		vs.writer.Wait()
	}
	vs.busy = true
}

func (vs *versions) done() {
	vs.busy = false
	vs.writer.Signal()
}

type DB struct {
	mu sync.Mutex
	vs versions
}

func Open() *DB {
	d := &DB{}
	d.vs.init(&d.mu)
	return d
}

func (d *DB) Apply() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.vs.logAndApply()
}

func (d *DB) Finish() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.vs.done()
}
