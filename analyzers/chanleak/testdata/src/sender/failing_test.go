package sender

import (
	"testing"
	"time"
)

// ✅ The receiver leaves only on a failing test's path (the timeout
// case calls t.Errorf): the goroutine is stranded only when the test
// has already failed. Not worth a report.
func TestTimeoutFails(t *testing.T) {
	done := make(chan bool)
	go func() {
		done <- work()
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Errorf("timed out")
	}
}

// ❌ The twin: the timeout is a passing path, and the goroutine is
// left blocked on its send.
func TestTimeoutPasses(t *testing.T) {
	done := make(chan bool)
	go func() {
		done <- work() // want `goroutine blocks forever sending on done when its receiver leaves without receiving`
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Log("slow; moving on")
	}
}

func work() bool { return true }
