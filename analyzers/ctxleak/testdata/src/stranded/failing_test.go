package stranded

import (
	"context"
	"testing"
	"time"
)

// ✅ The spawner leaves only on a failing test's path: the goroutine is
// stranded only once the test has failed. Not worth a report.
func TestStrandedOnFailure(t *testing.T) {
	ctx := context.Background()
	errc := make(chan error)
	go func() {
		errc <- dial(ctx)
	}()
	select {
	case err := <-errc:
		_ = err
	case <-time.After(time.Second):
		t.Errorf("dial timed out")
	}
}

// ❌ The twin: giving up is a passing path.
func TestStrandedOnGivingUp(t *testing.T) {
	ctx := context.Background()
	errc := make(chan error)
	go func() {
		errc <- dial(ctx) // want `the goroutine can block forever sending on errc`
	}()
	select {
	case err := <-errc:
		_ = err
	case <-time.After(time.Second):
		t.Log("dial is slow; giving up")
	}
}

func dial(ctx context.Context) error { return ctx.Err() }
