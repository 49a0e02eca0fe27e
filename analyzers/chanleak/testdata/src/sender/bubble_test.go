package sender

import (
	"testing"
	"testing/synctest"
)

// ✅ In a synctest bubble Test waits for every goroutine started in it
// to exit: a goroutine blocked forever fails the test, so it is never
// left behind by a passing one (pubsub rpc_queue_test.go:135).
func TestBubblePoll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		finished := make(chan struct{})
		go func() {
			work()
			finished <- struct{}{}
		}()
		select {
		case <-finished:
			t.Fatalf("not blocked")
		default:
		}
	})
}

// ❌ The twin: the same poll outside a bubble leaves the goroutine
// blocked on its send.
func TestNoBubblePoll(t *testing.T) {
	finished := make(chan struct{})
	go func() {
		work()
		finished <- struct{}{} // want `goroutine blocks forever sending on finished when its receiver leaves without receiving`
	}()
	select {
	case <-finished:
		t.Fatalf("not blocked")
	default:
	}
}

// bubbled runs f in a bubble, as a test helper of the package does.
func bubbled(t *testing.T, f func(t *testing.T)) {
	synctest.Test(t, f)
}

// unbubbled runs f as it is.
func unbubbled(t *testing.T, f func(t *testing.T)) {
	f(t)
}

// ✅ A goroutine started in a callback nested in a function the
// package's helper runs in a bubble is in the bubble too (pubsub
// gossipsub_spam_test.go:587).
func TestBubbleWrapped(t *testing.T) {
	bubbled(t, func(t *testing.T) {
		each(func(n int) {
			finished := make(chan int)
			go func() {
				finished <- n
			}()
			select {
			case <-finished:
			default:
			}
		})
	})
}

// ❌ The twin: the helper runs f outside any bubble.
func TestNoBubbleWrapped(t *testing.T) {
	unbubbled(t, func(t *testing.T) {
		each(func(n int) {
			finished := make(chan int)
			go func() {
				finished <- n // want `goroutine blocks forever sending on finished when its receiver leaves without receiving`
			}()
			select {
			case <-finished:
			default:
			}
		})
	})
}

func each(f func(int)) {
	for i := range 3 {
		f(i)
	}
}
