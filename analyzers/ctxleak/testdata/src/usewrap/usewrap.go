package usewrap

import (
	"context"

	"wrap"
)

// ❌ A wrapper from another package is a constructor too.
func lost(ctx context.Context) {
	ctx, _ = wrap.WithDefaultTimeout(ctx) // want `the cancel function returned by wrap.WithDefaultTimeout is discarded: the context's resources are held until its parent is done or its deadline, if it has one, passes`
	_ = ctx
}

// ✅
func kept(ctx context.Context) {
	ctx, cancel := wrap.WithDefaultTimeout(ctx)
	defer cancel()
	_ = ctx
}
