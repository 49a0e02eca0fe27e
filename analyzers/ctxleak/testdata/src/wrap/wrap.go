// Package wrap returns cancel functions of its own.
package wrap

import (
	"context"
	"time"
)

// WithDefaultTimeout wraps context.WithTimeout.
func WithDefaultTimeout(ctx context.Context) (context.Context, context.CancelFunc) { // want WithDefaultTimeout:"returns cancel as result 1"
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	return ctx, cancel
}
