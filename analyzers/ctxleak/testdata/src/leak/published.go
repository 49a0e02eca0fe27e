package leak

import (
	"context"
	"sync"
	"time"
)

// A writer with a mutex: taking it in the functions below makes the
// lock model ask where the writer is published, a walk over the CFG
// that once wrote into the blocks' own successor lists (the else edge
// of the if then skipped the cancel).
type writer struct{ mu sync.Mutex }

var kept *writer

func (w *writer) write(ctx context.Context) error { kept = w; return ctx.Err() }
func (w *writer) close()                          { kept = w }

var gate sync.Mutex

func logf(string, ...any) {}

// ✅ cancel runs after the if on every iteration (kafka-go
// compress_test.go:175).
func cancelAfterIf() {
	w := &writer{}
	defer w.close()
	for i := 0; i < 10; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if err := w.write(ctx); err != nil {
			logf("write %d: %v", i, err)
		}
		cancel()
	}
	gate.Lock()
	w.mu.Lock()
	w.mu.Unlock()
	gate.Unlock()
}

// ❌ The twin: the error path continues past the cancel.
func cancelSkippedByContinue() {
	w := &writer{}
	defer w.close()
	for i := 0; i < 10; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want `the cancel function returned by context.WithTimeout is not called on every path`
		if err := w.write(ctx); err != nil {
			logf("write %d: %v", i, err)
			continue
		}
		cancel()
	}
	gate.Lock()
	w.mu.Lock()
	w.mu.Unlock()
	gate.Unlock()
}
