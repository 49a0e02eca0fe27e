package close

import "sync"

// Issue 15's remaining chanclose shapes: a close in a loop with no way
// out after it, and a named worker started N times on one channel (passed
// as chan<- int) that closes it in every instance. Also a ✅ twin of a
// deferred close by a goroutine that only starts the senders (its
// positives and other twins are in coordinator.go).

// ❌ A close in a loop with no way out after it: the second pass
// closes the channel again.
func closeEachPass(items []int, done chan struct{}) {
	for _, it := range items {
		use(it)
		close(done) // want `done is closed on every pass of this loop, and nothing leaves the loop after the close`
	}
}

// ❌ The same in an endless loop, the channel in a field.
func (p *pump) run() {
	for {
		<-p.tick
		close(p.stopped) // want `p.stopped is closed on every pass of this loop`
	}
}

type pump struct {
	tick    chan struct{}
	stopped chan struct{}
	closed  bool
}

// ✅ The loop breaks right after the close.
func (p *pump) runOnce() {
	for {
		<-p.tick
		close(p.stopped)
		break
	}
}

// ✅ A flag set after the close ends the loop.
func closeFlagged(done chan struct{}) {
	closed := false
	for !closed {
		close(done)
		closed = true
	}
}

// ✅ The same flag in a field.
func (p *pump) runFlagged() {
	for !p.closed {
		close(p.stopped)
		p.closed = true
	}
}

// ✅ A new channel on every pass.
func (p *pump) runRemade() {
	for {
		<-p.tick
		close(p.stopped)
		p.stopped = make(chan struct{})
	}
}

// ✅ Each pass closes another channel.
func closeAll(chans []chan struct{}) {
	for i := range chans {
		close(chans[i])
	}
	for _, ch := range chans {
		close(ch)
	}
}

// ✅ A local made on every pass.
func closeFresh(n int) {
	for i := 0; i < n; i++ {
		ch := make(chan struct{})
		go func() { <-ch }()
		close(ch)
	}
}

// ✅ The close runs on one pass only.
func closeLast(items []int, done chan struct{}) {
	for i := range items {
		if i == len(items)-1 {
			close(done)
		}
	}
}

// ✅ The loop returns right after the close.
func closeOnce(items []int, done chan struct{}) {
	for _, it := range items {
		if it < 0 {
			close(done)
			return
		}
	}
}

// ✅ The coordinator waits for every worker before the deferred close
// runs.
func fanOutJoined(n int) <-chan int {
	out := make(chan int)
	go func() {
		var wg sync.WaitGroup
		defer close(out)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				out <- i
			}(i)
		}
		wg.Wait()
	}()
	return out
}

// closingWorker sends its results and closes the channel it is given.
func closingWorker(jobs []int, out chan<- int) {
	for _, j := range jobs {
		out <- j
	}
	close(out) // want `channel out is closed by every instance of this goroutine, which is started in a loop: the second close panics`
}

// ❌ A named worker started N times on one channel: every worker closes it.
func startWorkers(n int, jobs []int) <-chan int {
	out := make(chan int)
	for i := 0; i < n; i++ {
		go closingWorker(jobs, out)
	}
	return out
}

// plainWorker sends and leaves the close to its starter.
func plainWorker(jobs []int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, j := range jobs {
		out <- j
	}
}

// ✅ Twin: the workers only send; the starter closes once they are done.
func startPlainWorkers(n int, jobs []int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go plainWorker(jobs, out, &wg)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// ✅ Each worker gets its own channel, made in the same iteration.
func startOwnWorkers(n int, jobs []int) []<-chan int {
	var outs []<-chan int
	for i := 0; i < n; i++ {
		out := make(chan int)
		go closingWorker(jobs, out)
		outs = append(outs, out)
	}
	return outs
}
