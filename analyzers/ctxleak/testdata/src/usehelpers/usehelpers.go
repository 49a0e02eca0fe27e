// Package usehelpers uses the summaries of another package's helpers.
package usehelpers

import (
	"context"

	"helpers"
)

func use(...any) {}

// ✅
func stops(ctx context.Context, c *helpers.Closer) {
	ctx, cancel := context.WithCancel(ctx)
	defer helpers.Stop(cancel)
	ctx, cancel2 := context.WithCancel(ctx)
	defer c.Close(cancel2)
	ctx, cancel3 := context.WithCancel(ctx)
	helpers.Keep(cancel3)
	use(ctx)
}

// ❌
func stopsOnError(ctx context.Context, try func(context.Context) error) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is not called on every path`
	helpers.StopOnError(try(ctx), cancel)
}

func ignores(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is never called`
	helpers.Ignore(cancel)
	use(ctx)
}
