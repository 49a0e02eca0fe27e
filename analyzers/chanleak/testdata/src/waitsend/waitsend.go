package waitsend

import "sync"

func compute(x int) int { return x }

// The results are read only after the Wait: every worker blocks on its
// send, and the Wait on the workers.
func collectAfterWait(xs []int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- compute(x)
		}()
	}
	wg.Wait() // want `wg.Wait\(\) never returns: it waits for a goroutine blocked sending on results`
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// A Wait inside the loop that adds: the first worker's send already
// waits for a receive after the loop.
func waitInLoop(xs []int) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go produce(ch, x, &wg)
		wg.Wait() // want `wg.Wait\(\) never returns`
	}
	return <-ch
}

func produce(ch chan int, x int, wg *sync.WaitGroup) {
	defer wg.Done()
	ch <- compute(x)
}

// A consumer started first: silent.
func consumerFirst(xs []int) int {
	results := make(chan int)
	total := make(chan int)
	go func() {
		sum := 0
		for r := range results {
			sum += r
		}
		total <- sum
	}()
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- compute(x)
		}()
	}
	wg.Wait()
	close(results)
	return <-total
}

// A slot for every send: silent.
func buffered(xs []int) []int {
	results := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- compute(x)
		}()
	}
	wg.Wait()
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// A relay closes after the Wait while the spawner receives: silent.
func relayed(xs []int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- compute(x)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// Handed to a consumer before the Wait: we cannot see it, silent.
func handedOn(xs []int) {
	results := make(chan int)
	consume(results)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- compute(x)
		}()
	}
	wg.Wait()
	close(results)
}

func consume(ch chan int) {
	go func() {
		for range ch {
		}
	}()
}

// Received once per worker before the Wait: silent.
func receivedFirst(xs []int) int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- compute(x)
		}()
	}
	sum := 0
	for range xs {
		sum += <-results
	}
	wg.Wait()
	return sum
}

// Done before the send: the Wait does not wait for the send (the
// goroutine still leaks, but not the Wait's to report), silent here.
func doneFirst(xs []int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			wg.Done()
			results <- compute(x)
		}()
	}
	wg.Wait()
	var out []int
	for range xs {
		out = append(out, <-results)
	}
	return out
}

// Errors sent on one branch only, read after the Wait: a worker that
// fails blocks, and the Wait with it.
func errsAfterWait(xs []int) error {
	errs := make(chan error)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if x < 0 {
				errs <- nil
			}
		}()
	}
	wg.Wait() // want `wg.Wait\(\) never returns: it waits for a goroutine blocked sending on errs`
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
