package stranded

import (
	"context"
	"errors"
	"time"
)

func publish(i int) error {
	if i%2 == 0 {
		return errors.New("full")
	}
	return nil
}

// ✅ A buffer with a slot for every send a counted loop can make: the
// publisher sends at most 99 times (i from 1 while below 100), the
// buffer holds 99, so it never blocks after the spawner leaves.
func publishCounted(ctx context.Context) int {
	errs := make(chan error, 99)
	go func() {
		tick := time.NewTicker(time.Millisecond)
		for i := 1; i < 100; {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if err := publish(i); err != nil {
					errs <- err
				}
				i++
			}
		}
	}()
	n := 0
	for {
		select {
		case <-errs:
			n++
		case <-time.After(time.Second):
			return n
		}
	}
}

// ❌ The same loop with one slot too few: the 99th send can block once
// the spawner has left.
func publishCountedShort(ctx context.Context) int {
	errs := make(chan error, 98)
	go func() {
		tick := time.NewTicker(time.Millisecond)
		for i := 1; i < 100; {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if err := publish(i); err != nil {
					errs <- err // want `the goroutine can block forever sending on errs`
				}
				i++
			}
		}
	}()
	n := 0
	for {
		select {
		case <-errs:
			n++
		case <-time.After(time.Second):
			return n
		}
	}
}

func read(ctx context.Context) (int, error) { return 1, ctx.Err() }

// ✅ A reader that sends once per item read and stops on an error: how
// many items come is input the analyzer cannot count, and the buffer
// was sized for it on purpose.
func readBuffered(ctx context.Context) int {
	items := make(chan int, 100)
	go func() {
		for {
			v, err := read(ctx)
			if err != nil {
				return
			}
			items <- v
		}
	}()
	select {
	case v := <-items:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

// ❌ A poller that never stops: no buffer holds an endless stream once
// the spawner has left.
func pollBuffered(ctx context.Context) int {
	items := make(chan int, 100)
	go func() {
		for {
			v, _ := read(ctx)
			items <- v // want `the goroutine can block forever sending on items`
		}
	}()
	select {
	case v := <-items:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

// ✅ A buffer sized by the loop's own bound.
func sizedByBound(ctx context.Context, n int) int {
	out := make(chan int, n)
	go func() {
		for i := 0; i < n; i++ {
			v, _ := read(ctx)
			out <- v
		}
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}
