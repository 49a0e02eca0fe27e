package sender

import (
	"runtime"
	"testing"
)

func handle(k int) bool { return k > 0 }

// ✅ Each of n goroutines sends once, on fail or on done; the receive
// loop runs n times and each pass takes one value from one of the two
// channels: it takes every goroutine's value before it leaves. Only
// the failing arm leaves early (prometheus
// write_otlp_handler_test.go:916).
func BenchmarkSiblingCount(b *testing.B) {
	n := b.N
	fail := make(chan struct{})
	done := make(chan struct{})
	for k := range n {
		go func() {
			if !handle(k) {
				fail <- struct{}{}
				return
			}
			done <- struct{}{}
		}()
	}
	for range n {
		select {
		case <-fail:
			b.FailNow()
		case <-done:
		}
	}
}

// ❌ The twin: a goroutine that fails sends on fail and then on done,
// two values for one pass of the loop.
func BenchmarkSiblingTwice(b *testing.B) {
	n := b.N
	fail := make(chan struct{})
	done := make(chan struct{})
	for k := range n {
		go func() {
			if !handle(k) {
				fail <- struct{}{} // want `goroutine blocks forever sending on fail when its receiver leaves without receiving`
			}
			done <- struct{}{} // want `goroutine blocks forever sending on done when its receiver leaves without receiving`
		}()
	}
	for range n {
		select {
		case <-fail:
		case <-done:
		}
	}
}

// ❌ The twin: the loop takes one value fewer than the goroutines send.
func BenchmarkSiblingTooFew(b *testing.B) {
	n := b.N
	fail := make(chan struct{})
	done := make(chan struct{})
	for k := range n {
		go func() {
			if !handle(k) {
				fail <- struct{}{} // want `goroutine blocks forever sending on fail when its receiver leaves without receiving`
				return
			}
			done <- struct{}{} // want `goroutine blocks forever sending on done when its receiver leaves without receiving`
		}()
	}
	for range n - 1 {
		select {
		case <-fail:
			b.FailNow()
		case <-done:
		}
	}
}

// ❌ The twin: a pass that polls may take nothing.
func BenchmarkSiblingPoll(b *testing.B) {
	n := b.N
	fail := make(chan struct{})
	done := make(chan struct{})
	for k := range n {
		go func() {
			if !handle(k) {
				fail <- struct{}{} // want `goroutine blocks forever sending on fail when its receiver leaves without receiving`
				return
			}
			done <- struct{}{} // want `goroutine blocks forever sending on done when its receiver leaves without receiving`
		}()
	}
	for range n {
		select {
		case <-fail:
			b.FailNow()
		case <-done:
		default:
		}
	}
}

// ✅ The bound is a variable set once and read by a b.Run closure: both
// loops run workers times (prometheus write_otlp_handler_test.go:916).
func BenchmarkSiblingCaptured(b *testing.B) {
	workers := runtime.GOMAXPROCS(0)
	b.Run("x", func(b *testing.B) {
		fail := make(chan struct{})
		done := make(chan struct{})
		for k := range workers {
			go func() {
				if !handle(k) {
					fail <- struct{}{}
					return
				}
				done <- struct{}{}
			}()
		}
		for range workers {
			select {
			case <-fail:
				b.FailNow()
			case <-done:
			}
		}
	})
}

// ❌ The twin: the closure lowers the bound between the loops.
func BenchmarkSiblingCapturedLowered(b *testing.B) {
	workers := runtime.GOMAXPROCS(0)
	b.Run("x", func(b *testing.B) {
		fail := make(chan struct{})
		done := make(chan struct{})
		for k := range workers {
			go func() {
				if !handle(k) {
					fail <- struct{}{} // want `goroutine blocks forever sending on fail when its receiver leaves without receiving`
					return
				}
				done <- struct{}{} // want `goroutine blocks forever sending on done when its receiver leaves without receiving`
			}()
		}
		workers--
		for range workers {
			select {
			case <-fail:
				b.FailNow()
			case <-done:
			}
		}
	})
}

// ❌ The twin: the spawner closes done, so each pass may take nothing
// anyone sent, and a goroutine that fails is left on its send (the
// send on done is a bug too: it panics once done is closed).
func BenchmarkSiblingClosed(b *testing.B) {
	n := b.N
	fail := make(chan struct{})
	done := make(chan struct{})
	for k := range n {
		go func() {
			if !handle(k) {
				fail <- struct{}{} // want `goroutine blocks forever sending on fail when its receiver leaves without receiving`
				return
			}
			done <- struct{}{} // want `goroutine blocks forever sending on done when its receiver leaves without receiving`
		}()
	}
	close(done)
	for range n {
		select {
		case <-fail:
		case <-done:
		}
	}
}
