package sender

import (
	"errors"
	"testing"
	"time"
)

func accept() error { return nil }
func flood() (int, error) { return 0, nil }

// drainUntil takes expect values from errs, failing the test on an
// error or, when timeout is set, on the timer. Every normal return
// comes after expect receives.
func drainUntil(t testing.TB, errs chan error, expect int, timeout time.Duration) {
	var timerC <-chan time.Time
	if timeout > 0 {
		timerC = time.After(timeout)
	}
	for found := 0; found < expect; {
		select {
		case <-timerC:
			t.Fatalf("timeout")
		case err := <-errs:
			if err != nil {
				t.Fatalf("err: %v", err)
			} else {
				found++
			}
		}
	}
}

// ✅ Three sends can happen in all (one goroutine has a path with two),
// and the receiver takes two before it returns: the one left fits in
// the buffer (yamux's flood test).
func drainedBeforeLeaving(t *testing.T) {
	errs := make(chan error, 2)
	go func() {
		if err := accept(); err != nil {
			errs <- err
			return
		}
		n, err := flood()
		if err != nil {
			errs <- err
			return
		}
		if n != 10 {
			errs <- errors.New("short write")
		}
		errs <- nil
	}()
	go func() {
		errs <- accept()
	}()
	drainUntil(t, errs, 2, 0)
}

// ✅ The same with one slot and three receipts.
func drainedAll(t *testing.T) {
	errs := make(chan error, 1)
	go func() {
		if _, err := flood(); err != nil {
			errs <- err
		}
		errs <- nil
	}()
	go func() { errs <- accept() }()
	drainUntil(t, errs, 3, time.Second)
}

// ❌ The twin: one receipt before leaving, with three sends and one
// slot: one send is left without room.
func drainedTooFew(t *testing.T) {
	errs := make(chan error, 1)
	go func() {
		if _, err := flood(); err != nil {
			errs <- err // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
		}
		errs <- nil // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
	}()
	go func() { errs <- accept() }() // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
	drainUntil(t, errs, 1, 0)
}

// drainOrGiveUp returns on its timer before it has received anything.
func drainOrGiveUp(errs chan error, expect int) {
	for found := 0; found < expect; {
		select {
		case <-time.After(time.Second):
			return
		case <-errs:
			found++
		}
	}
}

// ❌ The twin: the receiver can leave before any receive, and three
// sends do not fit in two slots.
func drainMayGiveUp() {
	errs := make(chan error, 2)
	go func() {
		if _, err := flood(); err != nil {
			errs <- err // finds a slot: at most one other send is ahead of it
		}
		errs <- nil // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
	}()
	go func() { errs <- accept() }() // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
	drainOrGiveUp(errs, 2)
}

// ✅ One run of the first goroutine sends at most twice: an error send
// returns, a short write goes on to the final send. With the other
// goroutine's, three slots hold them all, whatever the receiver does.
func twoOnAPath() error {
	errs := make(chan error, 3)
	go func() {
		if err := accept(); err != nil {
			errs <- err
			return
		}
		n, err := flood()
		if err != nil {
			errs <- err
			return
		}
		if n != 10 {
			errs <- errors.New("short write")
		}
		errs <- nil
	}()
	go func() { errs <- accept() }()
	select {
	case err := <-errs:
		return err
	case <-time.After(time.Second):
		return nil
	}
}

// ❌ The twin: two slots for three sends.
func twoOnAPathTwoSlots() error {
	errs := make(chan error, 2)
	go func() {
		if err := accept(); err != nil {
			errs <- err
			return
		}
		n, err := flood()
		if err != nil {
			errs <- err
			return
		}
		if n != 10 {
			errs <- errors.New("short write")
		}
		errs <- nil // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
	}()
	go func() { errs <- accept() }() // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
	select {
	case err := <-errs:
		return err
	case <-time.After(time.Second):
		return nil
	}
}

// drainFor takes expect values, or gives up on its timer when timeout
// is set: without one, the timer's case is on a nil channel and never
// runs.
func drainFor(errs chan error, expect int, timeout time.Duration) {
	var timerC <-chan time.Time
	if timeout > 0 {
		timerC = time.After(timeout)
	}
	for found := 0; found < expect; {
		select {
		case <-timerC:
			return
		case <-errs:
			found++
		}
	}
}

// ✅ No timeout: the receiver takes two of the three before it leaves.
func drainWithoutTimer() {
	errs := make(chan error, 2)
	go func() {
		if _, err := flood(); err != nil {
			errs <- err
		}
		errs <- nil
	}()
	go func() { errs <- accept() }()
	drainFor(errs, 2, 0)
}

// ❌ The twin: with a timeout it can leave before any receive.
func drainWithTimer() {
	errs := make(chan error, 2)
	go func() {
		if _, err := flood(); err != nil {
			errs <- err
		}
		errs <- nil // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
	}()
	go func() { errs <- accept() }() // want `goroutine blocks forever sending on errs when its receiver leaves without receiving`
	drainFor(errs, 2, time.Second)
}
