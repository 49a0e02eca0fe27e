package sender

func hammer(done chan bool) { done <- true }

// ✅ Two goroutines started alone and n in two loops over one index:
// the receive loop takes 2+n values, one from each (the standard
// library's HammerRWMutex).
func hammerAll(n int) {
	done := make(chan bool)
	go hammer(done)
	var i int
	for i = 0; i < n/2; i++ {
		go hammer(done)
	}
	go hammer(done)
	for ; i < n; i++ {
		go hammer(done)
	}
	for i := 0; i < 2+n; i++ {
		<-done
	}
}

func hammerOne(done chan bool) { done <- true } // want `goroutine blocks forever sending on done when its receiver leaves without receiving`

// ❌ The twin: the receive loop takes one fewer than the goroutines
// send.
func hammerTooFew(n int) {
	done := make(chan bool)
	go hammerOne(done)
	go hammerOne(done)
	for i := 0; i < n; i++ {
		go hammerOne(done)
	}
	for i := 0; i < n+1; i++ {
		<-done
	}
}
