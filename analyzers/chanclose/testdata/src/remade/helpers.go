package remade

import (
	"context"
	"testing"

	"waitlib"
)

// ✅ The variable is made again only after the spawner waited, in a
// helper, for the first goroutine's close: the helper's other arm ends
// the test. Each goroutine closes its own channel (temporal's
// versioning tests with WaitForChannel).
func twoPollers(t *testing.T, ctx context.Context, poll func()) {
	done := make(chan struct{})
	go func() {
		poll()
		close(done)
	}()
	waitFor(t, ctx, done)
	done = make(chan struct{})
	go func() {
		poll()
		close(done)
	}()
	waitFor(t, ctx, done)
}

func waitFor(t *testing.T, ctx context.Context, ch chan struct{}) {
	select {
	case <-ch:
	case <-ctx.Done():
		t.FailNow()
	}
}

// ✅ The same through another package's helper (its fact).
func twoPollersLib(s *waitlib.Base, ctx context.Context, poll func()) {
	done := make(chan struct{})
	go func() {
		poll()
		close(done)
	}()
	s.WaitForChannel(ctx, done)
	done = make(chan struct{})
	go func() {
		poll()
		close(done)
	}()
	s.WaitForChannel(ctx, done)
}

// ❌ Twin: the helper may give up and return; the spawner then makes
// the second channel before the first goroutine loaded the variable,
// and both may close the second.
func twoPollersGiveUp(s *waitlib.Base, ctx context.Context, poll func()) {
	done := make(chan struct{})
	go func() {
		poll()
		close(done)
	}()
	s.WaitOrGiveUp(ctx, done)
	done = make(chan struct{})
	go func() {
		poll()
		close(done) // want `channel done is closed by this goroutine and also by the goroutine started at helpers.go:58`
	}()
	s.WaitOrGiveUp(ctx, done)
}
