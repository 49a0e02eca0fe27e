package nopartner

// run starts f and returns the channel its error will come on.
func run(f func() error) chan error {
	ch := make(chan error)
	go func() {
		ch <- f()
	}()
	return ch
}

// The caller drops the channel: nobody will ever receive.
func fireAndForget() {
	run(func() error { return nil }) // want `the channel run returns is dropped: the goroutine it started blocks forever sending on it`
}

// The caller receives: silent.
func waitFor() error {
	return <-run(func() error { return nil })
}

// Kept for later: silent.
func keep() chan error {
	ch := run(func() error { return nil })
	return ch
}

// run1 gives the send a slot: dropping its channel leaks nothing.
func run1(f func() error) chan error {
	ch := make(chan error, 1)
	go func() {
		ch <- f()
	}()
	return ch
}

func fireAndForgetBuffered() {
	run1(func() error { return nil })
}
