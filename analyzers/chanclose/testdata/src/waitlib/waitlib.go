// Package waitlib is a test helper library: its WaitForChannel receives
// or ends the test (as temporal's testcore does).
package waitlib

import (
	"context"
	"testing"
)

type Base struct{ T *testing.T }

func (b *Base) WaitForChannel(ctx context.Context, ch chan struct{}) {
	select {
	case <-ch:
	case <-ctx.Done():
		b.T.FailNow()
	}
}

// WaitOrGiveUp may return without receiving.
func (b *Base) WaitOrGiveUp(ctx context.Context, ch chan struct{}) {
	select {
	case <-ch:
	case <-ctx.Done():
	}
}
