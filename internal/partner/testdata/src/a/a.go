package a

import "sync"

type T struct {
	mu   sync.Mutex
	ch   chan int
	wg   sync.WaitGroup
	cond *sync.Cond
}

func (t *T) send() { // want `send on \(a.T\).ch$`
	t.ch <- 1
}

func (t *T) lockedSend() { // want `send on \(a.T\).ch after \(a.T\).mu$`
	t.mu.Lock()
	t.send()
	t.mu.Unlock()
}

func (t *T) afterUnlock() { // want `send on \(a.T\).ch after \(a.T\).mu$`
	t.mu.Lock()
	t.mu.Unlock()
	t.send()
}

func (t *T) loop() { // want `receive from \(a.T\).ch after \(a.T\).mu$`
	for range t.ch {
		t.mu.Lock()
		t.mu.Unlock()
	}
}

func (t *T) lockAfter() { // want `receive from \(a.T\).ch$`
	<-t.ch
	t.mu.Lock()
	t.mu.Unlock()
}

func (t *T) done() { // want `Done on \(a.T\).wg after \(a.T\).mu deferred$`
	defer t.wg.Done()
	t.mu.Lock()
	t.mu.Unlock()
}

func (t *T) wait() { // want `Wait on \(a.T\).cond; Wait on \(a.T\).wg`
	t.wg.Wait()
	t.cond.Wait()
}

func (t *T) signal() { // want `Signal of \(a.T\).cond`
	t.cond.Broadcast()
}

// unlockAround's own release is in its held set (FuncFlow.HeldBefore);
// its callers see it as Released.
func (t *T) unlockAround() { // want `receive from \(a.T\).ch$`
	t.mu.Unlock()
	<-t.ch
	t.mu.Lock()
}

func (t *T) callsUnlockAround() { // want `receive from \(a.T\).ch after \(a.T\).mu released \(a.T\).mu$`
	t.mu.Lock()
	t.unlockAround()
	t.mu.Unlock()
}

func (t *T) poll() { // want `send on \(a.T\).ch default$`
	select {
	case t.ch <- 1:
	default:
	}
}

// recvParam's channel is named by what its callers pass.
func recvParam(c chan int) { // want `receive from \(a.T\).ch$`
	<-c
}

func (t *T) callsParam() { // want `receive from \(a.T\).ch$`
	recvParam(t.ch)
}
