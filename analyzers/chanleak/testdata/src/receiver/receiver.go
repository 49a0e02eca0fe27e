package receiver

import "errors"

type watcher struct{ addrs []string }

// The watcher is handed done but never signals on it.
func (w *watcher) watch(done chan bool) {
	for range w.addrs {
	}
}

func dial(w *watcher) {
	done := make(chan bool)
	go w.watch(done)
	<-done // want `the function blocks forever receiving from done: nothing sends on it or closes it`
}

// The fixed twin closes done: silent.
func (w *watcher) watchFixed(done chan bool) {
	defer close(done)
	for range w.addrs {
	}
}

func dialFixed(w *watcher) {
	done := make(chan bool)
	go w.watchFixed(done)
	<-done
}

func load() ([]int, error) { return nil, errors.New("x") }

// The producer returns early without closing: the range never ends.
func earlyProducer() int {
	ch := make(chan int)
	go func() {
		vals, err := load()
		if err != nil {
			return
		}
		for _, v := range vals {
			ch <- v
		}
		close(ch)
	}()
	n := 0
	for v := range ch { // want `the function blocks forever ranging over ch when the goroutine started at line 37 returns without closing it`
		n += v
	}
	return n
}

// The producer closes on every path: silent.
func deferredClose() int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		vals, err := load()
		if err != nil {
			return
		}
		for _, v := range vals {
			ch <- v
		}
	}()
	n := 0
	for v := range ch {
		n += v
	}
	return n
}

// Nothing closes the channel the consumer ranges over.
func neverClosed(vals []int) {
	ch := make(chan int)
	go func() {
		for v := range ch { // want `goroutine blocks forever ranging over ch: nothing closes it`
			_ = v
		}
	}()
	for _, v := range vals {
		ch <- v
	}
}

// The consumer leaves on a sentinel value: silent.
func sentinel(vals []int) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			if v < 0 {
				return
			}
		}
	}()
	for _, v := range vals {
		ch <- v
	}
	ch <- -1
}

// A done signal sent on only one path.
func signalOnSuccess() error {
	done := make(chan error)
	go func() {
		if _, err := load(); err != nil {
			return
		}
		done <- nil
	}()
	return <-done // want `the function blocks forever receiving from done when the goroutine started at line 106 returns without sending on it or closing it`
}

// The error is sent on every path: silent.
func signalAlways() error {
	done := make(chan error)
	go func() {
		_, err := load()
		done <- err
	}()
	return <-done
}

// A sender that never returns keeps the range going: silent.
func server(accept func() int) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	for {
		ch <- accept()
	}
}

type listener struct{}

func (l *listener) pop(stopCh <-chan struct{}) {
	select {
	case <-stopCh: // want `goroutine blocks forever receiving from stopCh when the function that made it returns without sending on it or closing it`
		return
	}
}

// The close is deferred before the goroutine starts: silent.
func deferredBeforeStart(l *listener) {
	stopCh := make(chan struct{})
	defer close(stopCh)
	go l.pop(stopCh)
}

// No close at all: the goroutine waits forever.
func neverStopped(l *listener, ready func() bool) {
	stopCh := make(chan struct{})
	go l.pop(stopCh) // the receive is in pop
	if ready() {
		close(stopCh)
	}
}

// The partner leaves only by failing the test: silent.
func failedOnly(t interface{ Fatal(...any) }, fired chan struct{}, timeout <-chan struct{}) {
	release := make(chan struct{})
	go func() {
		<-release
	}()
	select {
	case <-fired:
		close(release)
	case <-timeout:
		t.Fatal("timeout")
	}
}

func restart() (int, error) { return 0, nil }

// ✅ A supervisor: each worker reports its exit and is restarted; the
// loop leaves by a break once too many have exited, not by a close.
func supervise(limit int) {
	exits := make(chan int, 4)
	for i := 0; i < 4; i++ {
		go func() { exits <- i }()
	}
	n := 0
	for id := range exits {
		n++
		if n > limit {
			break
		}
		if _, err := restart(); err != nil {
			break
		}
		go func() { exits <- id }()
	}
}

// ✅ The jobs are queued and the channel closed before the workers that
// range over it start: each drains what is left and leaves (prometheus'
// chunk write queue benchmark).
func closedBeforeWorkers(n int, work func(int)) {
	jobs := make(chan int, n)
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	for w := 0; w < 4; w++ {
		go func() {
			for j := range jobs {
				work(j)
			}
		}()
	}
}

// ❌ The twin closes only when asked to, after the workers start.
func closedAfterWorkers(n int, work func(int), stop bool) {
	jobs := make(chan int, n)
	for i := 0; i < n; i++ {
		jobs <- i
	}
	go func() {
		for j := range jobs { // want `goroutine blocks forever ranging over jobs when the function that made it returns without closing it`
			work(j)
		}
	}()
	if stop {
		close(jobs)
	}
}

// ✅ The close is made on the first pass of a loop over a constant
// count: go/ssa tests 0 < 100 before the first pass, a branch with one
// way to go (prometheus' exemplar storage test).
func firstPassCloses(resize func(int)) {
	started := make(chan struct{})
	go func() {
		<-started
	}()
	for i := range 100 {
		resize(i)
		if i == 0 {
			close(started)
		}
	}
}

// ❌ The twin: a count the caller gives may be 0.
func firstPassMayNotRun(n int, resize func(int)) {
	started := make(chan struct{})
	go func() {
		<-started // want `goroutine blocks forever receiving from started when the function that made it returns without sending on it or closing it`
	}()
	for i := range n {
		resize(i)
		if i == 0 {
			close(started)
		}
	}
}
