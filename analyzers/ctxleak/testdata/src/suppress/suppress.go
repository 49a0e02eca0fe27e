package suppress

import "context"

func suppressed(ctx context.Context) context.Context {
	//concurlint:ignore ctxleak the context lives as long as the process
	ctx, _ = context.WithCancel(ctx)
	return ctx
}

//concurlint:ignore ctxleak stale // want `suppresses nothing here`
func clean() {}
