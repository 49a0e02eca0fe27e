package nopartner

// ch is declared but never made.
func neverMade() int {
	var ch chan int
	return <-ch // want `the function blocks forever on ch: it is a nil channel`
}

func neverMadeSend() {
	var done chan struct{}
	done <- struct{}{} // want `the function blocks forever on done: it is a nil channel`
}

// Made on one path only: silent.
func madeSometimes(ok bool) int {
	var ch chan int
	if ok {
		ch = make(chan int, 1)
		ch <- 1
	}
	return <-ch
}

// A nil channel in a select disables its case: silent.
func disabled(in chan int) int {
	var timeout chan struct{}
	select {
	case v := <-in:
		return v
	case <-timeout:
		return 0
	}
}

// Waiting forever on purpose: silent.
func forever() {
	<-make(chan struct{})
}
