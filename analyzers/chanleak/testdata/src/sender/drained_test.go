package sender

import (
	"testing"
	"time"
)

func next() (int, error) { return 0, nil }

// ✅ Each goroutine sends once, on errC or on done. The first one's
// value is taken before the second starts (the first select only
// waits; the second takes its error), and the last select takes the
// second's value whichever channel it is on: every value sent is
// received (nats.go jetstream/test/consumer_test.go:1042).
func TestSiblingsDrained(t *testing.T) {
	done := make(chan struct{})
	errC := make(chan error)
	go func() {
		if _, err := next(); err != nil {
			errC <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
		t.Fatalf("expected no message")
	case <-time.After(time.Second):
	}
	select {
	case <-time.After(time.Second):
		t.Fatalf("expected an error")
	case err := <-errC:
		t.Log(err)
	}
	go func() {
		if _, err := next(); err != nil {
			errC <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errC:
		t.Fatalf("unexpected error: %v", err)
	case <-time.After(time.Second):
		t.Fatalf("timed out")
	}
}

// ❌ The twin: nothing takes the first goroutine's value before the
// second starts, and the last select takes one value for two senders.
func TestSiblingsOneShort(t *testing.T) {
	done := make(chan struct{})
	errC := make(chan error)
	go func() {
		if _, err := next(); err != nil {
			errC <- err // want `goroutine blocks forever sending on errC when its receiver leaves without receiving`
			return
		}
		done <- struct{}{}
	}()
	go func() {
		if _, err := next(); err != nil {
			errC <- err // want `goroutine blocks forever sending on errC when its receiver leaves without receiving`
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errC:
		t.Fatalf("unexpected error: %v", err)
	case <-time.After(time.Second):
		t.Fatalf("timed out")
	}
}
