// Package holders keeps cancel functions in the fields of new objects.
package holders

import (
	"context"
	"sync"
)

func use(...any) {}

type tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (t *tx) awaitDone() { <-t.ctx.Done() }

func (t *tx) rollback() { t.close() }

func (t *tx) close() { t.cancel() }

// begin returns a new tx holding a fresh cancel.
func begin(ctx context.Context) *tx {
	ctx, cancel := context.WithCancel(ctx)
	t := &tx{ctx: ctx, cancel: cancel}
	go t.awaitDone()
	return t
}

// beginVia returns begin's tx: two calls away.
func beginVia(ctx context.Context) (*tx, error) { return begin(ctx), nil }

// ❌ The tx is dropped: nothing can call its cancel.
func dropped(ctx context.Context) {
	begin(ctx) // want `the tx returned by begin holds a cancel function \(field cancel\) and is dropped`
}

func droppedVia(ctx context.Context) {
	t, _ := beginVia(ctx) // want `the tx returned by beginVia holds a cancel function`
	use(t.ctx)
}

// ✅ Rolled back, returned, kept in a registry, handed to a goroutine
// that rolls it back.
func rolledBack(ctx context.Context) {
	t := begin(ctx)
	defer t.rollback()
	use(t.ctx)
}

func passedUp(ctx context.Context) *tx { return begin(ctx) }

var (
	mu   sync.Mutex
	open = map[*tx]bool{}
)

func registered(ctx context.Context) {
	t := begin(ctx)
	mu.Lock()
	open[t] = true
	mu.Unlock()
}

func handedToGoroutine(ctx context.Context, done <-chan struct{}) {
	t := begin(ctx)
	go func() {
		<-done
		t.rollback()
	}()
}

// ❌ A new object with a cancel in a field, handed only to a method
// that never cancels, then dropped.
func local(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	t := &tx{ctx: ctx, cancel: cancel} // want `the cancel function stored in tx.cancel is never called: the tx is dropped`
	go t.awaitDone()
}

// ✅ The twin that closes it.
func localClosed(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	t := &tx{ctx: ctx, cancel: cancel}
	go t.awaitDone()
	defer t.close()
}

// ✅ A context derived only from Background (through WithValue) is never
// done: it starts no goroutine or timer and registers with no parent,
// so a dropped holder frees everything with it (quic-go's stream tests).
// The buggy twin is dropped above (a caller's context).
type stream struct{ cancel context.CancelFunc }

func newStream() *stream {
	ctx := context.WithValue(context.Background(), ctxKey{}, 1)
	_, cancel := context.WithCancel(ctx)
	return &stream{cancel: cancel}
}

type ctxKey struct{}

func (s *stream) Close() { s.cancel() }

func droppedInert() {
	newStream()
}

// ✅ The same through a constructor's parameter: the caller's context is
// never done, so the stream's cancel is inert here (quic-go's
// newSendStream(ctx, ...) in its tests), directly and one call away.
type sendStream struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
}

func (s *sendStream) Close() { s.cancel(nil) }

func newSendStream(ctx context.Context, id int) *sendStream {
	s := &sendStream{}
	s.ctx, s.cancel = context.WithCancelCause(ctx)
	return s
}

func newSendStreamVia(ctx context.Context) *sendStream {
	return newSendStream(context.WithValue(ctx, ctxKey{}, 2), 1)
}

func droppedInertParam() {
	ctx := context.WithValue(context.Background(), ctxKey{}, 1)
	newSendStream(ctx, 1337)
	newSendStreamVia(context.TODO())
	newSendStream(context.WithoutCancel(ctx), 2) // Done is nil: never done
}

// ❌ The twins: a caller's context, which may be cancelled (the stream
// stays registered with it until then), and a constructor that starts a
// goroutine waiting on the context, which only the cancel would end.
func droppedParam(ctx context.Context) {
	newSendStream(ctx, 1)              // want `the sendStream returned by newSendStream holds a cancel function`
	newSendStreamVia(ctx)              // want `the sendStream returned by newSendStreamVia holds a cancel function`
	beginWatched(context.Background()) // want `the tx returned by beginWatched holds a cancel function`
}

func beginWatched(ctx context.Context) *tx {
	ctx, cancel := context.WithCancel(ctx)
	t := &tx{ctx: ctx, cancel: cancel}
	go t.awaitDone()
	return t
}
