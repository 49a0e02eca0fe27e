//go:build go1.21

package demo

import "context"

// ❌ The receiver closes the channel while the producer (here, the
// caller) may still be sending: a send on a closed channel panics.
func Consume(work []Job) {
	jobs := make(chan Job)
	go func() {
		for j := range jobs {
			process(j)
			if j.ID < 0 {
				close(jobs)
				return
			}
		}
	}()
	for _, j := range work {
		jobs <- j
	}
}

// ✅ The owner (the only sender) closes after all sends are done.
func Produce(ctx context.Context, work []Job) <-chan Job {
	jobs := make(chan Job)
	go func() {
		defer close(jobs)
		for _, j := range work {
			select {
			case <-ctx.Done():
				return
			case jobs <- j:
			}
		}
	}()
	return jobs
}
