package loop

import "sync"

// waitGroup is a WaitGroup behind an interface, as syncthing's lib/sync
// hands them out: recognised by its method set.
type waitGroup interface {
	Add(int)
	Done()
	Wait()
}

func newWaitGroup() waitGroup { return &sync.WaitGroup{} }

func wrappedWaitEachIteration(xs []int) {
	wg := newWaitGroup()
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(x)
		}()
		wg.Wait()
	}
}

func wrappedWaitAfterLoop(xs []int) {
	wg := newWaitGroup()
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(x) // want `loop variable x is shared`
		}()
	}
	wg.Wait()
}
