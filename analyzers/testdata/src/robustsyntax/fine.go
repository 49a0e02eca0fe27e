//go:build go1.21

package robustsyntax

import "context"

func Fine(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	_ = cancel
	<-ctx.Done()
}
