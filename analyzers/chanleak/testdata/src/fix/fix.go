package fix

import (
	"context"
	"time"
)

type result struct{ n int }

func fetch() result { return result{} }

// The leaky timeout: the fix gives the one pending send a slot.
func leakyTimeout(ctx context.Context) (result, error) {
	ch := make(chan result)
	go func() {
		ch <- fetch() // want `goroutine blocks forever sending on ch`
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// One send on each branch: one slot is enough, one fix for both.
func eitherBranch(check func() error) error {
	errc := make(chan error)
	go func() {
		if err := check(); err != nil {
			errc <- err // want `goroutine blocks forever sending on errc`
			return
		}
		errc <- nil // want `goroutine blocks forever sending on errc`
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Second):
		return nil
	}
}

// A goroutine per item: one slot is not enough, no fix.
func perItem(items []int) int {
	ch := make(chan int)
	for _, it := range items {
		it := it
		go func() {
			ch <- it // want `goroutine blocks forever sending on ch`
		}()
	}
	return <-ch
}
