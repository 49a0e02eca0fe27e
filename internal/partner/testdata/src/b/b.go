package b

import "sync"

// Wakers of one Cond: one takes mu first, one (the worker's) does not.
type T struct {
	mu   sync.Mutex
	wmu  sync.Mutex
	cond *sync.Cond
	n    int
}

func New() *T {
	t := &T{}
	t.cond = sync.NewCond(&t.wmu)
	return t
}

func (t *T) wait() { // want `Wait on \(b.T\).cond: free$`
	t.wmu.Lock()
	for t.n > 0 {
		t.cond.Wait()
	}
	t.wmu.Unlock()
}

func (t *T) wakeLocked() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cond.Broadcast()
}

func (t *T) worker() {
	defer t.cond.Broadcast()
}

func (t *T) Start() { go t.worker() }

// Every waker of U's Cond takes mu first, itself or in its caller.
type U struct {
	mu   sync.Mutex
	wmu  sync.Mutex
	cond *sync.Cond
}

func NewU() *U {
	u := &U{}
	u.cond = sync.NewCond(&u.wmu)
	return u
}

func (u *U) wait() { // want `Wait on \(b.U\).cond: every waker after \(b.U\).mu, e.g. wake$`
	u.wmu.Lock()
	u.cond.Wait()
	u.wmu.Unlock()
}

func (u *U) wake() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.cond.Signal()
}

func (u *U) signal() { u.cond.Signal() }

func (u *U) Stop() {
	u.mu.Lock()
	u.signal()
	u.mu.Unlock()
}

// A receive whose sender's close is deferred in a callee: it runs at
// the call, before the caller takes mu.
type V struct {
	mu   sync.Mutex
	done chan struct{}
}

func NewV() *V {
	v := &V{done: make(chan struct{})}
	go v.run()
	return v
}

func (v *V) wait() { // want `receive from \(b.V\).done: free$`
	<-v.done
}

func (v *V) run() {
	v.loop()
	v.mu.Lock()
	v.mu.Unlock()
}

func (v *V) loop() {
	defer close(v.done)
}
