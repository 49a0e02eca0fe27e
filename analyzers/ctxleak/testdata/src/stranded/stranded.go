// Package stranded holds goroutines that send on a channel their
// spawner can stop receiving from: the spawner leaves on ctx.Done() (or
// another signal) and the goroutine blocks forever. Each ❌ shape has a
// ✅ twin that stays silent.
package stranded

import (
	"context"
	"errors"
	"time"
)

func work() int { return 1 }

// ❌ The classic: an unbuffered result channel, abandoned on ctx.Done().
func result(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // want `the goroutine can block forever sending on ch: its spawner can stop waiting`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// ✅ Room for the one send: the goroutine finishes either way.
func resultBuffered(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	go func() {
		ch <- work()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// ✅ The goroutine selects on ctx.Done() around its send.
func resultWatched(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		select {
		case ch <- work():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// ✅ The spawner always receives.
func resultAlways(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- work() }()
	return <-ch
}

// ✅ The spawner drains on the ctx.Done() path before returning.
func resultDrained(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- work() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		<-ch
		return 0, ctx.Err()
	}
}

// ❌ Stopped by another signal: a stop channel, with a context in scope.
func probe(stop chan bool) {
	results := make(chan bool)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	go func() {
		results <- true // want `the goroutine can block forever sending on results`
	}()
	select {
	case <-stop:
		return
	case <-results:
	case <-ctx.Done():
		<-results
	}
}

// ❌ A producer in a loop (in a callee that takes the context and does
// not look at it), consumed by a range loop that returns on
// ctx.Done(): the producer blocks once the buffer is full.
func consume(ctx context.Context) error {
	ch := make(chan int, 4)
	go func() {
		defer close(ch)
		produce(ctx, ch)
	}()
	for v := range ch {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if v < 0 {
			return errors.New("negative")
		}
	}
	return nil
}

func produce(ctx context.Context, ch chan int) {
	for i := 0; i < 10; i++ {
		ch <- i // want `the goroutine can block forever sending on ch`
	}
}

// ✅ The same producer selects on ctx.Done().
func consumeWatched(ctx context.Context) error {
	ch := make(chan int, 4)
	go func() {
		defer close(ch)
		produceWatched(ctx, ch)
	}()
	for range ch {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
	}
	return nil
}

func produceWatched(ctx context.Context, ch chan int) {
	for i := 0; i < 10; i++ {
		select {
		case ch <- i:
		case <-ctx.Done():
			return
		}
	}
}

// ✅ A counted drain: one goroutine per item, one receive per item,
// no other signal to leave on.
func fanIn(ctx context.Context, xs []int) int {
	ch := make(chan int)
	for range xs {
		go func() { ch <- work() }()
	}
	sum := 0
	for range xs {
		sum += <-ch
	}
	return sum
}

// ✅ The channel escapes: someone else may receive from it.
func escapes(ctx context.Context) chan int {
	ch := make(chan int)
	go func() { ch <- work() }()
	select {
	case <-ctx.Done():
		return ch
	case <-time.After(time.Second):
	}
	return ch
}

// ✅ No context in scope: not ctxleak's business.
func noContext(stop chan bool) int {
	ch := make(chan int)
	go func() { ch <- work() }()
	select {
	case v := <-ch:
		return v
	case <-stop:
		return 0
	}
}

// ❌ The consumer takes one value and waits for ctx.Done() alone (a
// select of one case) before returning.
func firstAfterCancel(ctx context.Context) bool {
	ready := make(chan bool, 2)
	go func() {
		defer close(ready)
		for i := 0; i < 8; i++ {
			ready <- i != 0 // want `the goroutine can block forever sending on ready`
		}
	}()
	for r := range ready {
		select {
		case <-ctx.Done():
			return r
		}
	}
	return true
}
