package nopartner

import "errors"

func mayFail() error { return errors.New("x") }

// The send comes before the channel is returned: nobody can receive.
func containerWait() <-chan error {
	errC := make(chan error)
	if err := mayFail(); err != nil {
		errC <- err // want `the function blocks forever sending on errC: it is unbuffered and no other goroutine can receive from it yet`
		return errC
	}
	return errC
}

// With a slot the send completes: silent.
func containerWaitBuffered() <-chan error {
	errC := make(chan error, 1)
	if err := mayFail(); err != nil {
		errC <- err
		return errC
	}
	return errC
}

// The receiver is started first: silent.
func receiverFirst() {
	ch := make(chan int)
	go func() { <-ch }()
	ch <- 1
}

// The same goroutine receives after its own send: it never gets there.
func selfReceive() int {
	ch := make(chan int)
	ch <- 1 // want `the function blocks forever sending on ch`
	return <-ch
}

// A send in a select with a default never waits: silent.
func tryUnshared() chan int {
	ch := make(chan int)
	select {
	case ch <- 1:
	default:
	}
	return ch
}
