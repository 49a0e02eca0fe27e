package stranded

import "context"

type conn struct{}

func accept(ctx context.Context) (*conn, error) { return &conn{}, ctx.Err() }

// ✅ The goroutine sends on errs or on conns, never both, and the
// spawner receives from both: whichever it takes, nothing is left.
func acceptOne(ctx context.Context) *conn {
	conns := make(chan *conn)
	errs := make(chan error)
	go func() {
		c, err := accept(ctx)
		if err != nil {
			errs <- err
			return
		}
		conns <- c
	}()
	select {
	case c := <-conns:
		return c
	case <-errs:
		return nil
	}
}

// ❌ The goroutine sends on errs (which has room) and then on conns:
// the spawner leaves with the error and the second send blocks.
func acceptBoth(ctx context.Context) *conn {
	conns := make(chan *conn)
	errs := make(chan error, 1)
	go func() {
		c, err := accept(ctx)
		if err != nil {
			errs <- err
		}
		conns <- c // want `the goroutine can block forever sending on conns`
	}()
	select {
	case c := <-conns:
		return c
	case <-errs:
		return nil
	}
}
