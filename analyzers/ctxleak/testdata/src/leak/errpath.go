package leak

import "context"

func check() error { return nil }

// ✅ A function whose cancel result is nil on an error path is not a
// constructor: its callers call the cancel on the success path only
// (defer cancel() before the error check would call nil).
func openOrFail(ctx context.Context) (context.Context, context.CancelFunc, error) {
	if err := check(); err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	return ctx, cancel, nil
}

func useOpenOrFail(ctx context.Context) error {
	ctx, cancel, err := openOrFail(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	use(ctx)
	return nil
}

// ✅ The same with the cancel in a variable a deferred closure reads:
// the error return hands back its zero value.
func openWithCleanup(ctx context.Context) (_ context.Context, _ context.CancelFunc, err error) {
	var cancel context.CancelFunc
	defer func() {
		if err != nil && cancel != nil {
			cancel()
		}
	}()
	if err = check(); err != nil {
		return ctx, cancel, err
	}
	ctx, cancel = context.WithCancel(ctx)
	return ctx, cancel, nil
}

func useOpenWithCleanup(ctx context.Context) error {
	ctx, cancel, err := openWithCleanup(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	use(ctx)
	return nil
}

// ❌ Twins: the cancel is fresh on every return, the error one too, so
// a caller that drops it on its error path leaks the context.
func openAlways(ctx context.Context) (context.Context, context.CancelFunc, error) { // want openAlways:"returns cancel as result 1"
	ctx, cancel := context.WithCancel(ctx)
	if err := check(); err != nil {
		return ctx, cancel, err
	}
	return ctx, cancel, nil
}

func useOpenAlways(ctx context.Context) error {
	ctx, cancel, err := openAlways(ctx) // want `the cancel function returned by openAlways is not called on every path`
	if err != nil {
		return err
	}
	defer cancel()
	use(ctx)
	return nil
}

func openWatched(ctx context.Context, stop <-chan struct{}) (context.Context, context.CancelFunc, error) { // want openWatched:"returns cancel as result 1"
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		<-stop
		cancel()
	}()
	if err := check(); err != nil {
		return ctx, cancel, err
	}
	return ctx, cancel, nil
}

func useOpenWatched(ctx context.Context, stop <-chan struct{}) error {
	ctx, cancel, err := openWatched(ctx, stop) // want `the cancel function returned by openWatched is not called on every path`
	if err != nil {
		return err
	}
	defer cancel()
	use(ctx)
	return nil
}
