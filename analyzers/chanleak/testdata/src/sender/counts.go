package sender

type note struct{ id string }

func decode() (bool, note, error) { return false, note{}, nil }

// pump sends each message it decodes on acks or notes, and its error
// on errs.
func pump(acks chan<- bool, notes chan<- note, errs chan<- error) {
	for {
		ack, n, err := decode()
		if err != nil {
			errs <- err
			return
		} else if ack {
			acks <- ack
		} else {
			notes <- n
		}
	}
}

// The loop leaves by its test once it has counted every note it
// expects: the test reads what its cases write when they receive from
// pump, silent.
func receiveAll(want int) {
	acks := make(chan bool)
	notes := make(chan note)
	errs := make(chan error, 1)
	go pump(acks, notes, errs)
	count := map[string]int{}
	acked := 0
	allReceived := func() bool { return acked > 0 && len(count) == want }
	for !allReceived() {
		select {
		case <-acks:
			acked++
		case n := <-notes:
			count[n.id]++
		case err := <-errs:
			panic(err)
		}
	}
}

// feed sends one value per request, and one more after the last.
func feed(out chan<- int, n int) {
	for i := 0; i <= n; i++ {
		out <- i // want `goroutine blocks forever sending on out when its receiver leaves without receiving`
	}
}

// The buggy twin: the loop's test counts iterations, not what the
// goroutine sent; its extra send is stranded.
func receiveN(n int) {
	out := make(chan int)
	go feed(out, n)
	for i := 0; i < n; i++ {
		<-out
	}
}

