package holders

import "context"

// Generic types and helpers: followed like the others, never a crash.

type box[T any] struct {
	val    T
	cancel context.CancelFunc
}

func (b *box[T]) Close() { b.cancel() }

func newBox[T any](ctx context.Context, v T) *box[T] {
	_, cancel := context.WithCancel(ctx)
	return &box[T]{val: v, cancel: cancel}
}

// ✅ Closed.
func boxed(ctx context.Context) int {
	b := newBox(ctx, 1)
	defer b.Close()
	return b.val
}

func stopAll[T any](v T, cancel context.CancelFunc) {
	cancel()
}

// ✅ A generic helper that always cancels.
func genericHelper(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	use(ctx)
	stopAll(1, cancel)
}

type unreadBox[T any] struct {
	cancel context.CancelFunc
}

// ❌ A generic type's field nothing reads.
func (u *unreadBox[T]) start(ctx context.Context) {
	_, u.cancel = context.WithCancel(ctx) // want `the cancel function stored in u.cancel is never called`
}
