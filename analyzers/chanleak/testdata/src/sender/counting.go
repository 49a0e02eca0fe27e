package sender

import "time"

func serve() bool    { return true }
func shutdown() bool { return true }

// ✅ A receive loop that counts: it leaves when every goroutine has
// sent, whichever case took each value (the shutdown test's shape).
func countingLoop() {
	serveCh := make(chan bool)
	shutdownCh := make(chan bool)
	go func() {
		serveCh <- serve()
	}()
	go func() {
		shutdownCh <- shutdown()
	}()
	done := 0
	for {
		select {
		case <-serveCh:
			done++
		case <-shutdownCh:
			done++
		}
		if done == 2 {
			return
		}
	}
}

// ❌ The twin: a timeout in the loop leaves outright, and the sender
// that has not yet sent is left blocked.
func countingLoopTimeout() {
	serveCh := make(chan bool)
	go func() {
		serveCh <- serve() // want `goroutine blocks forever sending on serveCh when its receiver leaves without receiving`
	}()
	for {
		select {
		case <-serveCh:
			return
		case <-time.After(time.Second):
			return
		}
	}
}

// ✅ One sender or the other, on exclusive branches: one slot is room
// for the one send a run makes.
func eitherSender(app bool) bool {
	serveCh := make(chan bool, 1)
	if app {
		go func() { serveCh <- serve() }()
	} else {
		go func() { serveCh <- shutdown() }()
	}
	select {
	case v := <-serveCh:
		return v
	case <-time.After(time.Second):
		return false
	}
}

// ❌ The twin: both senders start, and one slot is not enough.
func bothSenders() bool {
	serveCh := make(chan bool, 1)
	go func() { serveCh <- serve() }()    // want `goroutine blocks forever sending on serveCh`
	go func() { serveCh <- shutdown() }() // want `goroutine blocks forever sending on serveCh`
	select {
	case v := <-serveCh:
		return v
	case <-time.After(time.Second):
		return false
	}
}

func step() {}

// ✅ Two loops of goroutines that each send once, and a receive loop
// whose constant count is the sum: every send is taken (containerd's
// timed store test).
func countedSenders() {
	done := make(chan bool)
	for i := range 10 {
		go func(id int) {
			_ = id
			step()
			done <- true
		}(i)
	}
	for range 10 {
		go func() {
			step()
			done <- true
		}()
	}
	for range 20 {
		<-done
	}
	step()
}

// ❌ The twin receives fewer values than are sent: the last senders
// are left blocked.
func tooFewReceives() {
	done := make(chan bool)
	for range 10 {
		go func() {
			step()
			done <- true // want `goroutine blocks forever sending on done when its receiver leaves without receiving`
		}()
	}
	for range 10 {
		go func() {
			step()
			done <- true // want `goroutine blocks forever sending on done when its receiver leaves without receiving`
		}()
	}
	for range 15 {
		<-done
	}
	step()
}

// ❌ A loop around make, go and select is not a counting loop: each
// pass has its own channel, and the timer goroutine of a pass that took
// the result is left blocked for good (go-ethereum's interrupt test).
func perCaseTimeout(cases []int) {
	for range cases {
		result := make(chan bool)
		timeout := make(chan bool)
		go func() { result <- serve() }() // want `goroutine blocks forever sending on result when its receiver leaves without receiving`
		go func() {
			<-time.After(time.Second)
			timeout <- true // want `goroutine blocks forever sending on timeout when its receiver leaves without receiving`
		}()
		select {
		case <-timeout:
			return
		case <-result:
		}
	}
}

// ❌ A sender started again on every pass: the one a pass leaves is not
// received by the next, which has a sender of its own.
func restartedSender(n int) {
	ch := make(chan bool)
	for i := 0; ; i++ {
		go func() { ch <- serve() }() // want `goroutine blocks forever sending on ch when its receiver leaves without receiving`
		select {
		case <-ch:
		case <-time.After(time.Second):
		}
		if i == n {
			return
		}
	}
}
