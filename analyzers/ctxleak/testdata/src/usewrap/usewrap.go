package usewrap

import (
	"context"

	"wrap"
)

// ❌ A wrapper from another package is a constructor too.
func lost(ctx context.Context) {
	ctx, _ = wrap.WithDefaultTimeout(ctx) // want `the cancel function returned by wrap.WithDefaultTimeout is discarded`
	_ = ctx
}

// ✅
func kept(ctx context.Context) {
	ctx, cancel := wrap.WithDefaultTimeout(ctx)
	defer cancel()
	_ = ctx
}
