//go:build go1.21

package demo

import (
	"context"
	"errors"
	"time"
)

// ❌ Lost cancel: on the early return the cancel function is never
// called, so the timer and the context's resources leak until the
// timeout fires.
func Fetch(parent context.Context, url string) error {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	if url == "" {
		return errors.New("empty url")
	}
	defer cancel()
	return get(ctx, url)
}

// ✅ defer cancel() straight after the context is made.
func FetchFixed(parent context.Context, url string) error {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	defer cancel()
	if url == "" {
		return errors.New("empty url")
	}
	return get(ctx, url)
}

func get(ctx context.Context, url string) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		_ = url
		return nil
	}
}
