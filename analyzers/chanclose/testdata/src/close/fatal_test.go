package close

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func work(id int) error {
	if id < 0 {
		return errors.New("negative")
	}
	return nil
}

// ✅ The select waits for the workers (a helper closes waited after
// wg.Wait) or ends the test with t.Fatal: close(errs) runs only after
// every worker is done. (go-redis's full-duplex load test.)
func TestWaitOrFatal(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			if err := work(id); err != nil {
				errs <- err
			}
		}(i)
	}
	waited := make(chan struct{})
	go func() { wg.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(30 * time.Second):
		t.Fatal("workers stuck")
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// ❌ The twin that closes errs in a deferred call: t.Fatal ends the
// test's goroutine, which runs its deferred calls, while the workers
// may still send.
func TestDeferredCloseOnFatal(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	defer close(errs) // want `channel errs is closed by this function, which never sends on it, while the goroutine started at fatal_test.go:54 may still send on it`
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			if err := work(id); err != nil {
				errs <- err
			}
		}(i)
	}
	waited := make(chan struct{})
	go func() { wg.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(30 * time.Second):
		t.Fatal("workers stuck")
	}
}
