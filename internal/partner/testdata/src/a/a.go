package a

import "sync"

type T struct {
	mu   sync.Mutex
	ch   chan int
	buf  chan int
	wg   sync.WaitGroup
	cond *sync.Cond
	cl   sync.Mutex
}

func New() *T {
	t := &T{ch: make(chan int), buf: make(chan int, 1)}
	t.cond = sync.NewCond(&t.cl)
	return t
}

// The receiver locks between receives: a partner in a loop.
func (t *T) send() { // want `send on \(a.T\).ch ⇐ receive from \(a.T\).ch in loop after \(a.T\).mu$`
	t.ch <- 1
}

// Through a call.
func (t *T) sendVia() { // want `send on \(a.T\).ch ⇐ receive from \(a.T\).ch in loop after \(a.T\).mu$`
	t.send()
}

func (t *T) loop() { // want `receive from \(a.T\).ch ⇐ send on \(a.T\).ch in afterUnlock after \(a.T\).mu$`
	for range t.ch {
		t.mu.Lock()
		t.mu.Unlock()
	}
}

// The lock is taken before the send, in the caller of send.
func (t *T) afterUnlock() { // want `send on \(a.T\).ch ⇐ receive from \(a.T\).ch in loop after \(a.T\).mu$`
	t.mu.Lock()
	t.mu.Unlock()
	t.send()
}

// Deferred Done: every lock of the function precedes it.
func (t *T) done() {
	defer t.wg.Done()
	t.mu.Lock()
	t.mu.Unlock()
}

func (t *T) wait() { // want `Wait on \(a.T\).cond; Wait on \(a.T\).wg ⇐ Done on \(a.T\).wg in done after \(a.T\).mu`
	t.wg.Wait()
	t.cond.Wait()
}

// Buffered: not a blocking operation for the model.
func (t *T) sendBuf() {
	t.buf <- 1
}

// unlockAround's own release is in its held set (FuncFlow.HeldBefore);
// its callers see it as Released.
func (t *T) unlockAround() { // want `receive from \(a.T\).ch ⇐`
	t.mu.Unlock()
	<-t.ch
	t.mu.Lock()
}

func (t *T) callsUnlockAround() { // want `receive from \(a.T\).ch released \(a.T\).mu ⇐`
	t.mu.Lock()
	t.unlockAround()
	t.mu.Unlock()
}

func (t *T) poll() { // want `send on \(a.T\).ch default ⇐`
	select {
	case t.ch <- 1:
	default:
	}
}

// recvParam's channel is named by what its callers pass.
func recvParam(c chan int) { // want `receive from \(a.T\).ch ⇐`
	<-c
}

func (t *T) callsParam() { // want `receive from \(a.T\).ch ⇐`
	recvParam(t.ch)
}
