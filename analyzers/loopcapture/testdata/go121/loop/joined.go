package loop

import (
	"errors"
	"time"
)

func result(...any) error { return nil }

// ✅ A goroutine whose result is received on every path of the same
// iteration is joined: the send happens after its value (which reads
// the loop variable) is evaluated.

func receivedInIfInit(xs []int) error {
	for _, x := range xs {
		errc := make(chan error)
		go func() {
			errc <- result(x)
		}()
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func receivedByAssignment(xs []int) (err error) {
	for _, x := range xs {
		errc := make(chan error)
		go func() {
			errc <- result(x)
		}()
		err = <-errc
	}
	return err
}

func receivedInBothBranches(xs []int, verbose bool) {
	for _, x := range xs {
		errc := make(chan error)
		go func() {
			errc <- result(x)
		}()
		if verbose {
			use(<-errc)
		} else {
			<-errc
		}
	}
}

func receivedInEverySelectCase(xs []int) error {
	for _, x := range xs {
		values, errs := make(chan int), make(chan error)
		go func() {
			if err := result(x); err != nil {
				errs <- err
				return
			}
			values <- 1
		}()
		select {
		case v := <-values:
			use(v)
		case err := <-errs:
			return err
		}
	}
	return nil
}

func receivedOrReturnsOnTimeout(xs []int) error {
	for _, x := range xs {
		errc := make(chan error, 1)
		go func() {
			errc <- result(x)
		}()
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-time.After(time.Second):
			return errors.New("timed out") // the loop ends: x is not written again
		}
	}
	return nil
}

// ❌ Twins: received on some paths only, or after the loop.

func receivedOnSomePaths(xs []int, wait bool) {
	for _, x := range xs {
		errc := make(chan error, 1)
		go func() {
			errc <- result(x) // want `loop variable x is shared`
		}()
		if wait {
			<-errc
		}
	}
}

func receivedAfterLoop(xs []int) {
	errc := make(chan error, len(xs))
	for _, x := range xs {
		go func() {
			errc <- result(x) // want `loop variable x is shared`
		}()
	}
	for range xs {
		<-errc
	}
}

func selectCaseSkipsReceive(xs []int) {
	for _, x := range xs {
		errc := make(chan error, 1)
		go func() {
			errc <- result(x) // want `loop variable x is shared`
		}()
		select {
		case <-errc:
		case <-time.After(time.Second): // the next iteration starts while the goroutine may still read x
		}
	}
}
