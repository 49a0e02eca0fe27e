package sender

import (
	"context"
	"time"
)

type result struct{ n int }

func fetch() result { return result{} }

// The leaky timeout: the spawner leaves on ctx.Done().
func leakyTimeout(ctx context.Context) (result, error) {
	ch := make(chan result)
	go func() {
		ch <- fetch() // want `goroutine blocks forever sending on ch when its receiver leaves without receiving: the channel is unbuffered`
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// A slot for the one pending send: silent.
func bufferedTimeout(ctx context.Context) (result, error) {
	ch := make(chan result, 1)
	go func() {
		ch <- fetch()
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// The sender watches the same signal: silent.
func watchingSender(ctx context.Context) (result, error) {
	ch := make(chan result)
	go func() {
		select {
		case ch <- fetch():
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// The receiver always receives: silent.
func plain() result {
	ch := make(chan result)
	go func() { ch <- fetch() }()
	return <-ch
}

// time.After as the other case.
func afterTimeout() (result, bool) {
	ch := make(chan result)
	go func() {
		ch <- fetch() // want `goroutine blocks forever sending on ch`
	}()
	select {
	case r := <-ch:
		return r, true
	case <-time.After(time.Second):
		return result{}, false
	}
}

// Returned to the caller: the partner cannot be seen, silent.
func returned() chan result {
	ch := make(chan result)
	go func() { ch <- fetch() }()
	return ch
}

// One goroutine per part, one receive per part: silent.
func sum(parts [][]int) int {
	ch := make(chan int)
	for _, p := range parts {
		p := p
		go func() {
			s := 0
			for _, v := range p {
				s += v
			}
			ch <- s
		}()
	}
	total := 0
	for range parts {
		total += <-ch
	}
	return total
}

// The first answer wins and the others block forever.
func first(replicas []func() result) result {
	ch := make(chan result)
	for _, r := range replicas {
		r := r
		go func() {
			ch <- r() // want `goroutine blocks forever sending on ch`
		}()
	}
	return <-ch
}

// A slot for every replica: silent.
func firstBuffered(replicas []func() result) result {
	ch := make(chan result, len(replicas))
	for _, r := range replicas {
		r := r
		go func() {
			ch <- r()
		}()
	}
	return <-ch
}

// An early return on error.
func earlyReturn(check func() error) (result, error) {
	ch := make(chan result)
	go func() {
		ch <- fetch() // want `goroutine blocks forever sending on ch`
	}()
	if err := check(); err != nil {
		return result{}, err
	}
	return <-ch, nil
}

// One send on each branch, one slot: silent.
func eitherBranch(ctx context.Context, check func() error) {
	c := make(chan error, 1)
	go func() {
		if err := check(); err != nil {
			c <- err
			return
		}
		c <- nil
	}()
	select {
	case <-ctx.Done():
	case <-c:
	}
}

// One send on each branch, no slot: the fix gives one.
func eitherBranchUnbuffered(ctx context.Context, check func() error) {
	c := make(chan error)
	go func() {
		if err := check(); err != nil {
			c <- err // want `goroutine blocks forever sending on c`
			return
		}
		c <- nil // want `goroutine blocks forever sending on c`
	}()
	select {
	case <-ctx.Done():
	case <-c:
	}
}

type testCase struct{ n int }

// Two loops over one field's value: silent.
func countedByField(tc *testCase, work func() error) {
	errc := make(chan error)
	for i := 0; i < tc.n; i++ {
		go func() {
			errc <- work()
		}()
	}
	for i := 0; i < tc.n; i++ {
		if err := <-errc; err != nil {
			println(err)
		}
	}
}

// One slot, and a second send only on one path: only that one can
// find the slot taken.
func secondSend(ctx context.Context, check func() bool, closing chan struct{}) error {
	errCh := make(chan error, 1)
	go func() {
		if check() {
			errCh <- nil
			return
		}
		select {
		case <-closing:
			errCh <- ctx.Err()
		default:
		}
		errCh <- nil // want `goroutine blocks forever sending on errCh when its receiver leaves without receiving: the channel has no free slot`
	}()
	select {
	case err := <-errCh:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

type client struct{ stop chan bool }

// A fresh channel per iteration, and a stop case that leaves the loop.
func (c *client) closeLoop(work func() bool) {
	for {
		done := make(chan bool)
		go func() {
			done <- work() // want `goroutine blocks forever sending on done`
		}()
		select {
		case <-c.stop:
			return
		case <-done:
		}
	}
}

// A channel per test case, a goroutine per handshake, a receive per
// handshake: silent.
func perCase(cases []testCase, work func() error) {
	for _, tc := range cases {
		errc := make(chan error)
		for i := 0; i < tc.n; i++ {
			go func() {
				errc <- work()
			}()
		}
		for i := 0; i < tc.n; i++ {
			<-errc
		}
	}
}
