// Package chanclose defines an Analyzer that reports channels closed by
// the wrong party, closed twice, or sent on after they are closed.
//
// # Analyzer chanclose
//
// chanclose: report channels closed by a receiver, closed twice, or sent on after close
//
// Closing a channel is a message from its sender: "no more values".
// A send on a closed channel panics, and so does a second close, so the
// rule of thumb is that the sender owns the close. chanclose follows
// each channel through the function that creates or holds it and every
// body it starts (go statements, errgroup and WaitGroup tasks, parallel
// subtests, time.AfterFunc callbacks, spawners named or found), and
// reports five shapes. An operation made inside a function the code
// calls counts at the call: a close or a send in a helper, a method, a
// function called through sync.Once.Do, one or more calls deep and in
// other packages too, on a channel the caller passes or can name (a
// field of the receiver, a captured or package variable). A close a
// callee makes on only some of its paths, or under a lock, counts as a
// close by a party that never sends, but not as a second close or as a
// point on one path.
//
// A receiver-side close: a body that never sends on a channel closes
// it while another body that may still be running sends on it, such
// as a consumer closing the channel it ranges over, a select loop
// closing its input on ctx.Done() while workers send into it, or a
// coordinator that defers close(out), starts the workers that send on
// out and returns without waiting for them: a deferred close runs when
// its function returns, so it counts there.
//
// Reported (❌): the second goroutine never sends on jobs but closes
// it while the first may still send:
//
//	jobs := make(chan int)
//	go func() {
//		for _, j := range work {
//			jobs <- j
//		}
//	}()
//	go func() {
//		close(jobs) // reported: the producer may still send
//	}()
//	for j := range jobs {
//		use(j)
//	}
//
// Not reported (✅): the sender owns the close and makes it after its
// last send:
//
//	jobs := make(chan int)
//	go func() {
//		defer close(jobs)
//		for _, j := range work {
//			jobs <- j
//		}
//	}()
//	for j := range jobs {
//		use(j)
//	}
//
// A close by several senders: a close in a body started in a loop, or
// in two bodies, with nothing making it happen once (a sync.Once, a
// flag checked under a lock, an atomic once-flag such as
// if closed.Swap(true) { return }, a select that first checks whether
// the channel is already closed). The second close panics.
//
// A double close on one path: two closes of one channel that both run,
// a deferred close and an explicit one included, and a close made on
// every pass of a loop that nothing leaves after the close (no break or
// return), so the next pass closes the channel again. Not when each
// pass closes another channel (made in the loop, picked by an index,
// assigned anew) or when the loop's condition reads a flag the loop
// sets (for !closed { close(c); closed = true }).
//
// A send after close on one path in one body.
//
// A channel field closed by one exported method while another exported
// method, which can run at the same time, sends on it (a Close, Stop or
// WriteStatus beside a Send, Publish or Write). Two methods run at the
// same time only if the type is meant for several goroutines, so the
// type must show it: it holds a sync value (a mutex, a WaitGroup, a
// Once), or the sending method also receives from another channel
// field of the receiver (a shutdown signal). Not when the closing
// method waits first (a Wait, a receive: it may wait for the senders),
// or when the close and the send hold a lock of one declaration (a
// closed flag checked under the mutex the close holds).
//
// Reported (❌): Wait may close work while Go sends on it:
//
//	func (p *Pool) Go(w func()) { p.wg.Add(1); p.work <- w }
//	func (p *Pool) Wait() {
//		p.once.Do(func() { close(p.work) }) // reported
//		p.wg.Wait()
//	}
//
// Not reported (✅): the close and the send hold q.mu, and Put checks
// the flag the close sets:
//
//	func (q *Queue) Put(v int) {
//		q.mu.Lock()
//		defer q.mu.Unlock()
//		if !q.closed {
//			q.items <- v
//		}
//	}
//	func (q *Queue) Close() {
//		q.mu.Lock()
//		defer q.mu.Unlock()
//		q.closed = true
//		close(q.items)
//	}
//
// Not reported: the owner closing after its own sends (defer close(out)
// in the producing goroutine), a fan-in that closes after wg.Wait()
// for every sender (a coordinator's deferred close after its
// wg.Wait() or g.Wait() included), a close after a loop that receives once per sender
// (for range hosts { <-ch } after starting one goroutine per host, each
// sending once), signal channels nobody sends on (close(done) by its
// creator), closes guarded by sync.Once, the worker pool that closes
// jobs, waits, then closes results, generators, and a close that sets
// the channel to nil under a lock (mu.Lock(); close(c.ch); c.ch = nil)
// when every sender sends only after finding it non-nil under the same
// lock (if c.ch != nil { c.ch <- v }), and a goroutine closing a
// channel variable its spawner made again just before starting it,
// when the spawner makes the next one only after receiving that close
// (done = make(chan struct{}); go w(); ... case <-done: done = nil ...
// if done == nil { done = make(...) }): each closes its own channel.
//
// A WaitGroup or lock a project hands out through its own types (an
// interface with Add(int), Done() and Wait(), or with Lock() and
// Unlock(), as syncthing's lib/sync) counts as sync's own.
//
// Fix a report by moving the close to the one body that sends, or by
// closing after waiting for every sender (a WaitGroup the senders call
// Done on), or by guarding the close with a sync.Once.
//
// Flags:
//
//	-chanclose.spawners=pkgpath.Func,(*pkgpath.T).Method
//
// names functions that run a function argument on a new goroutine;
// function literals passed to them are followed like go statements. All
// analyzers' -spawners flags add to one list, so naming a spawner on
// any of them serves the whole suite, as does the top-level -spawners
// (docs/config.md). A function that starts the goroutine itself (a
// pool's Submit) is a spawner without naming: it is found from its body,
// in its package and in every package that imports it. -chanclose=false
// turns the analyzer off. Standalone, flags go before the packages; under go vet,
// after -vettool:
//
//	concurlint -chanclose.spawners=example.com/sup.Go ./...
//	go vet -vettool="$(command -v concurlint || echo concurlint-not-on-PATH)" -chanclose.spawners=example.com/sup.Go ./...
//
// To silence a report you judge wrong, put
//
//	//concurlint:ignore chanclose <why the report is wrong>
//
// on its line or on the line above. The reason is required, and a
// directive that silences nothing is itself reported.
package chanclose
