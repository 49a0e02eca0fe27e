package receiver

import (
	"testing"
	"time"
)

func publish() (int, error) { return 0, nil }

// The range starts only after done, which the producer sends after it
// closed acks; the producer's early return sends on errs instead, and
// that case ends the test: acks is closed when the range runs. Silent.
func closedBeforeDone(t *testing.T) {
	errs := make(chan error, 1)
	done := make(chan struct{}, 1)
	acks := make(chan int, 100)
	go func() {
		for i := 0; i < 100; i++ {
			a, err := publish()
			if err != nil {
				errs <- err
				return
			}
			acks <- a
		}
		close(acks)
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errs:
		t.Fatalf("publish: %v", err)
	case <-time.After(time.Second):
		t.Fatalf("timed out")
	}
	for a := range acks {
		_ = a
	}
}

// The same with a closed gate and a single receive of the result
// channel: silent.
func closedBeforeGateClosed(t *testing.T) int {
	errs := make(chan error, 1)
	res := make(chan int, 1)
	gate := make(chan struct{})
	go func() {
		if _, err := publish(); err != nil {
			errs <- err
			return
		}
		close(res)
		close(gate)
	}()
	select {
	case <-gate:
	case err := <-errs:
		t.Fatal(err)
	}
	return <-res
}

// The early return signals nothing, but the wait times out and ends
// the test: silent.
func timesOut(t *testing.T) {
	done := make(chan struct{}, 1)
	acks := make(chan int, 100)
	go func() {
		for i := 0; i < 100; i++ {
			a, err := publish()
			if err != nil {
				return
			}
			acks <- a
		}
		close(acks)
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatalf("timed out")
	}
	for a := range acks {
		_ = a
	}
}

// Buggy twin: done is sent before the close, so the range can start
// while the producer still runs, and its early return strands it.
func doneBeforeClose(t *testing.T) {
	errs := make(chan error, 1)
	done := make(chan struct{}, 1)
	acks := make(chan int, 100)
	go func() {
		done <- struct{}{}
		for i := 0; i < 100; i++ {
			a, err := publish()
			if err != nil {
				errs <- err
				return
			}
			acks <- a
		}
		close(acks)
	}()
	select {
	case <-done:
	case err := <-errs:
		t.Fatalf("publish: %v", err)
	}
	for a := range acks { // want `the function blocks forever ranging over acks when the goroutine started at line 95 returns without closing it`
		_ = a
	}
}

// Buggy twin: the early return sends done too, without closing acks.
func doneOnSkip(t *testing.T) {
	done := make(chan struct{}, 1)
	acks := make(chan int, 100)
	go func() {
		for i := 0; i < 100; i++ {
			a, err := publish()
			if err != nil {
				done <- struct{}{}
				return
			}
			acks <- a
		}
		close(acks)
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatalf("timed out")
	}
	for a := range acks { // want `the function blocks forever ranging over acks when the goroutine started at line 121 returns without closing it`
		_ = a
	}
}

// Buggy twin: the errs case logs and goes on to the range.
func errsGoesOn(t *testing.T) {
	errs := make(chan error, 1)
	done := make(chan struct{}, 1)
	acks := make(chan int, 100)
	go func() {
		for i := 0; i < 100; i++ {
			a, err := publish()
			if err != nil {
				errs <- err
				return
			}
			acks <- a
		}
		close(acks)
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errs:
		t.Logf("publish: %v", err)
	}
	for a := range acks { // want `the function blocks forever ranging over acks when the goroutine started at line 148 returns without closing it`
		_ = a
	}
}

// Buggy twin: the producer's early return signals neither exit, and
// the select waits without a timeout: the function blocks forever (in
// the select, which the model does not report: the report stays at the
// range).
func signalsNothing(t *testing.T) {
	errs := make(chan error, 1)
	done := make(chan struct{}, 1)
	acks := make(chan int, 100)
	go func() {
		for i := 0; i < 100; i++ {
			a, err := publish()
			if err != nil {
				return
			}
			acks <- a
		}
		close(acks)
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errs:
		t.Fatalf("publish: %v", err)
	}
	for a := range acks { // want `the function blocks forever ranging over acks when the goroutine started at line 178 returns without closing it`
		_ = a
	}
}

// The producer sends its one result before done; the function is the
// only receiver, so the value waits for it: silent.
func sentBeforeDone(t *testing.T) int {
	errs := make(chan error, 1)
	done := make(chan struct{}, 1)
	res := make(chan int, 1)
	go func() {
		v, err := publish()
		if err != nil {
			errs <- err
			return
		}
		res <- v
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errs:
		t.Fatal(err)
	}
	return <-res
}

// Buggy twin: done comes first, and the early return after it strands
// the receive.
func doneBeforeSend(t *testing.T) int {
	done := make(chan struct{}, 1)
	res := make(chan int, 1)
	go func() {
		done <- struct{}{}
		v, err := publish()
		if err != nil {
			return
		}
		res <- v
	}()
	<-done
	return <-res // want `the function blocks forever receiving from res when the goroutine started at line 227 returns without sending on it or closing it`
}
