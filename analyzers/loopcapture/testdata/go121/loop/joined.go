package loop

import (
	"errors"
	"sync"
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

// ❌ Issue 14: a Wait on a group the goroutine is not counted in does
// not wait for it, whatever else identifies its group (mapaccess gives
// the same answer: see its shared/joins.go).
func unrelatedWait(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
			use(x) // want `loop variable x is shared`
		}()
		wg.Wait()
	}
}

func unrelatedWaitAddress(jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		go process(&j) // want `address of loop variable j is shared`
		wg.Wait()
	}
}

// ✅ A declared function the goroutine runs calls Done on the group
// the loop waits on.
func finish(wg *sync.WaitGroup, j *Job) {
	defer wg.Done()
	process(j)
}

func joinedThroughDeclaredBody(jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go finish(&wg, &j)
		wg.Wait()
	}
}
