package leak

import (
	"context"
	"iter"
	"slices"
	"testing"
	"time"
)

// ❌ defer cancel() in a loop that can run without bound: the deferred
// cancels and their contexts pile up while it runs.

func pollForever(ctx context.Context, ready func(context.Context) bool) {
	for {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // want `cancel is deferred inside a loop`
		if ready(ctx) {
			return
		}
	}
}

func pollUntil(ctx context.Context, deadline time.Time, ready func(context.Context) bool) {
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // want `cancel is deferred inside a loop`
		if ready(ctx) {
			return
		}
	}
}

// A benchmark's b.N loop runs as often as the benchmark needs, often
// millions of times.
func benchmarkLoop(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel() // want `cancel is deferred inside a loop`
		use(ctx, "")
	}
}

func benchmarkRange(b *testing.B) {
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel() // want `cancel is deferred inside a loop`
		use(ctx, "")
	}
}

func benchmarkLoopMethod(b *testing.B) {
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel() // want `cancel is deferred inside a loop`
		use(ctx, "")
	}
}

// ✅ A test's poll loop ends with the test: not worth a report.

func pollInTest(t *testing.T, ready func(context.Context) bool) {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if ready(ctx) {
			return
		}
	}
}

// cluster is a test harness: its methods are test code.
type cluster struct {
	t *testing.T
}

func (c *cluster) waitFor(ready func(context.Context) bool) {
	for {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if ready(ctx) {
			return
		}
		c.t.Log("waiting")
	}
}

func rangeIterator(ctx context.Context, events iter.Seq[string]) {
	for e := range events {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // want `cancel is deferred inside a loop`
		use(ctx, e)
	}
}

func countedInsideEndless(ctx context.Context, batches <-chan []string) {
	for batch := range batches {
		for _, u := range batch {
			ctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel() // want `cancel is deferred inside a loop`
			use(ctx, u)
		}
	}
}

// ✅ A counted loop (a test's table, a few hosts) holds a known number
// of contexts until the function returns.

func rangeSlice(ctx context.Context, hosts []string) {
	for _, h := range hosts {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		use(ctx, h)
	}
}

func rangeMap(ctx context.Context, hosts map[string]int) {
	for h := range hosts {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		use(ctx, h)
	}
}

func rangeInt(ctx context.Context) {
	for i := range 3 {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		use(ctx, i)
	}
}

func threeClause(ctx context.Context, n int) {
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		use(ctx, i)
	}
}

func retries(ctx context.Context, try func(context.Context) error) error {
	var err error
	for attempt := 0; attempt < 3 && ctx.Err() == nil; attempt++ {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		if err = try(ctx); err == nil {
			return nil
		}
	}
	return err
}

func rangeStdIterator(ctx context.Context, hosts []string) {
	for h := range slices.Values(hosts) {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		use(ctx, h)
	}
}
