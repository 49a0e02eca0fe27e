package nopartner

import "time"

type selector struct{ sel func() int }

// The channel is captured by a closure stored for another goroutine to
// call: shared from the start, silent.
func capturedThenSent(run func(*selector), tick chan struct{}) {
	ret := make(chan int)
	defer close(ret)
	s := &selector{sel: func() int { return <-ret }}
	go run(s)
	ret <- 1
	for i := 0; i < 3; i++ {
		select {
		case <-tick:
			ret <- 2
		case <-time.After(time.Second):
			return
		}
	}
}
