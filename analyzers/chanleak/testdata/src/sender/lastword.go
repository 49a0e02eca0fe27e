package sender

import "errors"

func readMsg() (int, error) { return 0, errors.New("eof") }

// reader's error is its last word: it sends it and returns. Its
// parameters take the channels in one direction only.
func reader(messages chan<- int, errs chan<- error) {
	for {
		msg, err := readMsg()
		if err != nil {
			errs <- err
			return
		}
		messages <- msg
	}
}

// When the handler leaves on the error, the reader has passed its last
// send on messages: the channels passed as chan<- are the handler's
// own, silent.
func handleReader() error {
	messages := make(chan int)
	errs := make(chan error, 1)
	go reader(messages, errs)
	for {
		select {
		case m := <-messages:
			_ = m
		case err := <-errs:
			return err
		}
	}
}

// retrier goes on sending after its error.
func retrier(messages chan<- int, errs chan<- error) {
	for {
		msg, err := readMsg()
		if err != nil {
			errs <- err
			continue
		}
		messages <- msg // want `goroutine blocks forever sending on messages when its receiver leaves without receiving`
	}
}

// The buggy twin: the handler leaves on an error the retrier may follow
// with another message.
func handleRetrier() error {
	messages := make(chan int)
	errs := make(chan error, 1)
	go retrier(messages, errs)
	for {
		select {
		case m := <-messages:
			_ = m
		case err := <-errs:
			return err
		}
	}
}
