// Package loop holds the shapes loopcapture reports and the shapes it
// must leave alone, in a go1.21 module.
package loop

import (
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

func use(...any) {}

type Job struct{ ID int }

func (j Job) Run()       {}
func (j *Job) RunPtr()   {}
func process(j *Job)     {}
func worker(c <-chan int) {}

// ❌ Positives.

func rangeKeyAndValue(xs []int) {
	for i, x := range xs {
		go func() {
			use(i, x) // want `loop variable i is shared by every iteration \(go1.21 semantics\): the goroutine may see a later value; pass it as an argument or copy it \(i := i\)` `loop variable x is shared by every iteration`
		}()
	}
}

func threeClause() {
	// The seed's ❌ loop variable capture.
	for i := 0; i < 10; i++ {
		go func() { fmt.Println(i) }() // want `loop variable i is shared by every iteration \(go1.21 semantics\): the goroutine may see a later value`
	}
}

func notLastStatement(xs []int) {
	for _, x := range xs {
		go func() {
			use(x) // want `loop variable x is shared`
		}()
		fmt.Println("spawned") // go vet's loopclosure stops looking here
	}
}

func deferred(jobs []Job) {
	for _, j := range jobs {
		defer func() {
			use(j) // want `loop variable j is shared by every iteration \(go1.21 semantics\): the deferred call may see a later value; pass it as an argument or copy it \(j := j\)`
		}()
	}
}

func errgroupTask(jobs []Job) error {
	var g errgroup.Group
	for _, j := range jobs {
		g.Go(func() error {
			use(j) // want `loop variable j is shared by every iteration \(go1.21 semantics\): the errgroup task may see a later value; copy it \(j := j\)`
			return nil
		})
	}
	return g.Wait()
}

func errgroupTryGo(jobs []Job) error {
	g, _ := errgroup.WithContext(nil)
	for _, j := range jobs {
		if !g.TryGo(func() error {
			use(j) // want `loop variable j is shared .*errgroup task`
			return nil
		}) {
			break
		}
	}
	return g.Wait()
}

func waitGroupGo(jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			use(j) // want `loop variable j is shared .*the goroutine may see`
		})
	}
	wg.Wait()
}

func addressToGoroutine(jobs []Job) {
	for _, j := range jobs {
		go process(&j) // want `address of loop variable j is shared by every iteration \(go1.21 semantics\): the goroutine may see a later value through it; copy it \(j := j\) first`
	}
}

func addressOfField(jobs []Job) {
	for _, j := range jobs {
		go use(&j.ID) // want `address of loop variable j is shared`
	}
}

func addressSent(jobs []Job, out chan<- *Job) {
	for _, j := range jobs {
		out <- &j // want `address of loop variable j is shared by every iteration \(go1.21 semantics\): the receiver may see a later value through it`
	}
}

func pointerMethod(jobs []Job) {
	for _, j := range jobs {
		go j.RunPtr() // want `address of loop variable j is shared .*goroutine`
	}
}

func deferredPointerMethod(jobs []Job) {
	for _, j := range jobs {
		defer j.RunPtr() // want `address of loop variable j is shared .*deferred call`
	}
}

func nestedOuterVariable(as, bs []int) {
	for _, a := range as {
		for _, b := range bs {
			go func() {
				use(a, b) // want `loop variable a is shared` `loop variable b is shared`
			}()
		}
	}
}

func waitOnSomePathsOnly(xs []int, cond bool) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(x) // want `loop variable x is shared`
		}()
		if cond {
			wg.Wait()
		}
	}
}

func continueSkipsWait(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(x) // want `loop variable x is shared`
		}()
		if x > 3 {
			continue
		}
		wg.Wait()
	}
}

func waitForOtherGroup(xs []int) {
	var wg, other sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(x) // want `loop variable x is shared`
		}()
		other.Wait()
	}
	wg.Wait()
}

func innerWaitDoesNotCoverOuter(as, bs []int) {
	var wg sync.WaitGroup
	for _, a := range as {
		for _, b := range bs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				use(a, b) // want `loop variable b is shared`
			}()
		}
		wg.Wait() // joins before a changes, but not before b does
	}
}

func signalsBeforeUse(xs []int) {
	for _, x := range xs {
		done := make(chan bool)
		go func() {
			done <- true
			use(x) // want `loop variable x is shared`
		}()
		<-done
	}
}

func doneBeforeUse(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			wg.Done()
			use(x) // want `loop variable x is shared`
		}()
		wg.Wait()
	}
}

// ✅ Negatives.

func doneAfterUse(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			use(x)
			wg.Done()
		}()
		wg.Wait()
	}
}

func declaredInBody(xs []int) {
	for _, x := range xs {
		y := x * 2
		go func() { use(y) }()
	}
}

func passedAsArgument() {
	// The seed's ✅ "pass as argument".
	for i := 0; i < 10; i++ {
		go func(n int) { fmt.Println(n) }(i)
	}
}

func shadowCopy(xs []int) {
	for _, x := range xs {
		x := x
		go func() { use(x) }()
	}
}

func calledSynchronously(xs []int) {
	for _, x := range xs {
		func() { use(x) }()
		f := func() { use(x) }
		f()
	}
}

func valueMethod(jobs []Job) {
	for _, j := range jobs {
		go j.Run() // receiver evaluated at the go statement
	}
}

func pointerVariable(jobs []*Job) {
	for _, j := range jobs {
		go j.RunPtr() // j is already a pointer: its value is copied
	}
}

func plainArgument(jobs []Job) {
	for _, j := range jobs {
		go use(j)
	}
}

func waitedEveryIteration(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(x)
		}()
		wg.Wait()
	}
}

func errgroupWaitedInIf(jobs []Job) error {
	for _, j := range jobs {
		var g errgroup.Group
		g.Go(func() error {
			use(j)
			return nil
		})
		if err := g.Wait(); err != nil {
			return err
		}
	}
	return nil
}

func receiveFromSender(xs []int) {
	for _, x := range xs {
		done := make(chan bool)
		go func() {
			use(x)
			done <- true
		}()
		<-done
	}
}

func receiveFromCloser(xs []int) {
	for _, x := range xs {
		done := make(chan struct{})
		go func() {
			defer close(done)
			use(x)
		}()
		select {
		case <-done:
		}
	}
}

func addressWaited(jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(p *Job) {
			defer wg.Done()
			process(p)
		}(&j)
		wg.Wait()
	}
}

func returnsAfterSpawn(xs []int) {
	for _, x := range xs {
		if x > 0 {
			go func() { use(x) }() // the loop never assigns x again
			return
		}
	}
}

func breaksAfterSpawn(xs []int) {
	for _, x := range xs {
		go func() { use(x) }()
		break
	}
}

func fanIn(channels ...<-chan int) {
	// The seed's ✅ fan-in.
	for _, c := range channels {
		go worker(c)
	}
}

func semaphore(jobs []Job) {
	// The seed's ✅ semaphore.
	sem := make(chan struct{}, 10)
	for _, job := range jobs {
		sem <- struct{}{}
		go func(j Job) {
			defer func() { <-sem }()
			use(j)
		}(job)
	}
}

func errgroupCopy(items []int) error {
	// The seed's ✅ errgroup with item := item.
	g, _ := errgroup.WithContext(nil)
	for _, item := range items {
		item := item // capture
		g.Go(func() error {
			use(item)
			return nil
		})
	}
	return g.Wait()
}

func spawnOutsideLoop(xs []int) {
	var last int
	for _, x := range xs {
		last = x
	}
	go func() { use(last) }()
}

func goroutineLoopsItself(xs []int) {
	go func() {
		for _, x := range xs {
			use(x)
		}
	}()
}
