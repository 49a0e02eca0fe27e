//go:build go1.21

package demo

import "context"

// ❌ The receiver closes the channel: the producers may still be
// sending, and a send on a closed channel panics.
func Consume(jobs chan Job) {
	go func() {
		for j := range jobs {
			process(j)
			if j.ID < 0 {
				close(jobs)
				return
			}
		}
	}()
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
