// Package wrapped waits and locks through interfaces (wsync, as
// syncthing's lib/sync): recognised by their method sets.
package wrapped

import "wsync"

type result struct{ name string }

// hasher's workers send on outbox; closeWhenDone waits for them on the
// interface WaitGroup before closing it (syncthing's parallelHasher).
type hasher struct {
	outbox chan<- result
	inbox  <-chan string
	wg     wsync.WaitGroup
}

func newHasher(workers int, outbox chan<- result, inbox <-chan string) {
	h := &hasher{outbox: outbox, inbox: inbox, wg: wsync.NewWaitGroup()}
	h.wg.Add(workers)
	for i := 0; i < workers; i++ {
		go h.hash()
	}
	go h.closeWhenDone()
}

func (h *hasher) hash() {
	defer h.wg.Done()
	for name := range h.inbox {
		h.outbox <- result{name}
	}
}

func (h *hasher) closeWhenDone() {
	h.wg.Wait()
	close(h.outbox)
}

// The twin closes without waiting.
type rusher struct {
	outbox chan<- result
	inbox  <-chan string
	wg     wsync.WaitGroup
}

func newRusher(workers int, outbox chan<- result, inbox <-chan string) {
	h := &rusher{outbox: outbox, inbox: inbox, wg: wsync.NewWaitGroup()}
	h.wg.Add(workers)
	for i := 0; i < workers; i++ {
		go h.hash()
	}
	go h.closeNow()
}

func (h *rusher) hash() {
	defer h.wg.Done()
	for name := range h.inbox {
		h.outbox <- result{name}
	}
}

func (h *rusher) closeNow() {
	close(h.outbox) // want `channel h.outbox is closed`
}

// A local interface WaitGroup joins the senders before the close.
func both(write, read func() error) error {
	wg := wsync.NewWaitGroup()
	wg.Add(2)
	errC := make(chan error, 2)
	go func() {
		if err := write(); err != nil {
			errC <- err
		}
		wg.Done()
	}()
	go func() {
		if err := read(); err != nil {
			errC <- err
		}
		wg.Done()
	}()
	wg.Wait()
	close(errC)
	return <-errC
}

// The twin forgets to wait.
func bothNoWait(write, read func() error) error {
	wg := wsync.NewWaitGroup()
	wg.Add(2)
	errC := make(chan error, 2)
	go func() {
		if err := write(); err != nil {
			errC <- err
		}
		wg.Done()
	}()
	go func() {
		if err := read(); err != nil {
			errC <- err
		}
		wg.Done()
	}()
	close(errC) // want `channel errC is closed`
	return <-errC
}
