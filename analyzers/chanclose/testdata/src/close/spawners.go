package close

import "time"

// runner stands for a project's goroutine helper: Go runs f on a new
// goroutine, so the shared spawn table infers it as a spawner.
type runner struct{ stop chan struct{} }

func (r *runner) Go(f func()) {
	go func() {
		f()
	}()
}

// ❌ The consumer, started through the inferred spawner, closes the
// channel its spawner still sends on.
func consumerViaRunner(r *runner, jobs chan int) {
	r.Go(func() {
		for j := range jobs {
			if j < 0 {
				close(jobs) // want `channel jobs is closed by this goroutine, which never sends on it, while the function that starts it may still send on it`
				return
			}
		}
	})
	for i := 0; i < 10; i++ {
		jobs <- i
	}
}

// ✅ The sender closes, after its sends: the consumer only ranges.
func senderClosesViaRunner(r *runner, jobs chan int) {
	r.Go(func() {
		for range jobs {
		}
	})
	for i := 0; i < 10; i++ {
		jobs <- i
	}
	close(jobs)
}

// ❌ A time.AfterFunc callback runs on its own goroutine.
func timerCloses(jobs chan int) {
	time.AfterFunc(time.Second, func() {
		close(jobs) // want `channel jobs is closed by this AfterFunc callback, which never sends on it, while the function that starts it may still send on it`
	})
	for i := 0; i < 10; i++ {
		jobs <- i
	}
}
