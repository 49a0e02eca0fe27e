// Package chanleak defines an Analyzer that reports goroutines blocked
// forever on a channel whose partner has gone away.
//
// # Analyzer chanleak
//
// chanleak: report goroutines blocked forever on a channel operation whose partner can leave
//
// A send on a channel with no room waits for a receiver, and a receive
// waits for a sender or a close. When the only partner can leave
// without its half of the exchange (a select with a timeout, an early
// return on error), the goroutine left behind blocks forever: a leak of
// the goroutine and of everything it holds. chanleak follows each
// channel a function makes and shares only with the bodies it starts
// (go statements, errgroup and WaitGroup tasks, spawners named or
// found), and reports when one party can be left waiting.
//
// An abandoned sender: a goroutine sends on a channel that has no room
// (unbuffered, or fewer slots than the sends that can be pending), and
// the only receiver is on paths that can leave without receiving.
//
// Reported (❌): the spawner leaves on ctx.Done() and the goroutine
// blocks on its send:
//
//	ch := make(chan result)
//	go func() {
//		ch <- fetch() // reported
//	}()
//	select {
//	case r := <-ch:
//		return r, nil
//	case <-ctx.Done():
//		return result{}, ctx.Err()
//	}
//
// Not reported (✅): the channel has a slot for the one pending send:
//
//	ch := make(chan result, 1)
//	go func() {
//		ch <- fetch()
//	}()
//	select {
//	case r := <-ch:
//		return r, nil
//	case <-ctx.Done():
//		return result{}, ctx.Err()
//	}
//
// The receiver leaves by the other case of a select, an early return,
// or after a single receive while goroutines started in a loop each
// have a value to send (the first answer wins). The sends that can be
// pending count the most one run of each goroutine makes (an error
// send that returns and a final send are one). A receive loop counted
// to the number of goroutines (or to a count at least the number of
// sends they make: 2+n for two goroutines and n started in loops), a
// loop whose own test reads what it writes on receiving from the
// goroutine (it counts what it expects; i < b.N counts nothing the
// goroutine sends), a fan-in that waits for every sender, and a receive
// the receiver makes through a helper on every path are not ways out,
// nor is a loop that counts what its select receives, unless it makes
// the channel or starts a sender again on each pass (each pass then has
// senders of its own). A helper that takes values before it returns
// (drain(t, errs, 2): a loop that counts what it receives, its other
// cases failing the test, or on a timer that is nil without a
// timeout) leaves only the sends beyond them pending: a buffer with
// room for those is enough. Goroutines that each send once in all on
// several channels (an error on errs, else done) count together: a
// receive loop each pass of which takes from one of those channels, or
// receives of the maker's that add up to the goroutines it has started
// when it leaves (an earlier goroutine's value taken before the next
// one starts), leave none of them waiting. A receiving helper's case
// on a stop signal the
// one sender gives itself after all its sends (s.stop.Done(), when the
// sender ends with s.stop.Stop()) is no way out, nor is its return of
// a non-nil error that the caller asserts nil right after the call
// (require.NoError(t, serve(ch)): a failing test). A goroutine given
// a context (one it takes, captures or
// makes) that still sends with no select on ctx.Done() is ctxleak's
// report, not this one's: each mistake is reported once. Operations a
// function makes through the helpers it
// calls count at the call, one or more calls deep, when the helper
// keeps the channel nowhere (internal/publish) and every use it makes
// of it is in sight (internal/effects: not stored in a variable,
// captured by a closure, or handed on to code out of sight).
//
// An abandoned receiver: a goroutine receives from a channel whose one
// partner can return without sending on it or closing it (an early
// return on error before the send or the close), or ranges over a
// channel that the one party closing it can leave without closing, or
// that nothing closes at all while the loop has no other way out.
//
// Reported (❌): on an error the producer returns without closing ch:
//
//	go func() {
//		vals, err := load()
//		if err != nil {
//			return
//		}
//		for _, v := range vals {
//			ch <- v
//		}
//		close(ch)
//	}()
//	for v := range ch { // reported
//		use(v)
//	}
//
// Not reported (✅): defer close(ch) closes it on every path. Nor is
// a return after the partner reports an error on another channel that
// the receiver checks first and fails the test on (require.NoError(t,
// <-errc), or if err := <-errc; err != nil { t.Fatal(err) }, before
// <-data): on that path the receiver's test has ended. Nor is a range
// over a channel closed before the goroutine ranging over it starts.
//
// Nor is a receive reached only after a gate the producer signals
// after its close, or after its send when the function is the only
// receiver (internal/hb AfterGate): the select on done whose other
// cases end the test, or a receive of done, runs on when the producer
// has closed ch, and its early return instead sends on errs (or the
// select has a timeout), so the receiver never gets to the range
// without the close.
//
//	go func() {
//		if err != nil {
//			errs <- err
//			return
//		}
//		close(ch)
//		done <- struct{}{}
//	}()
//	select {
//	case <-done:
//	case err := <-errs:
//		t.Fatal(err)
//	}
//	for v := range ch { // not reported: ch is closed
//		use(v)
//	}
//
// No partner at all: a blocking receive from a channel nothing sends
// on or closes (a local channel handed only to goroutines that ignore
// it; an unexported channel field of the package's own type that only
// ever holds channels made for it, and that nothing in the package
// sends on or closes, followed through methods that return it as
// <-chan); a send on an unbuffered channel before the function has
// shared it with anyone (started a goroutine with it, returned it);
// and a call that drops the channel its callee returns while the
// goroutine the callee started blocks sending on it.
//
// Reported (❌): errC is returned only after the send:
//
//	errC := make(chan error)
//	if err != nil {
//		errC <- err // reported
//		return errC
//	}
//
// Not reported (✅): a receive in a select with another case (it can
// leave), a field that is exported, handed out as chan T, or assigned a
// channel made elsewhere (someone else may close it).
//
// Not reported: a channel returned to a caller, stored where other code
// can reach it, or passed to a function whose effects on it are not
// all in sight (the partner cannot be seen), a field of a generic type
// that one of its methods sends on or closes, sends in a select with a default or another
// case (the sender can leave too), a partner that leaves by
// returning from a program's main function (the process exits with it),
// and an operation in a testing/synctest bubble (a function literal
// passed to synctest.Test, or to a helper of the package that passes it
// on, and the closures in it): Test waits for every goroutine in the
// bubble to exit, so one blocked forever fails the test.
//
// Fix a report by giving the channel a slot for every pending send
// (make(chan T, 1) for one goroutine sending once: offered as a
// suggested fix), or by making the sender select on the same done
// signal as the receiver.
//
// A partner already gone: a run loop serves a channel field in a
// select beside a case that leaves the loop (<-s.stop, <-ctx.Done()),
// and a method sends on the field outside any select (or receives from
// a field only such loops send on). Once the loop has left, the
// operation blocks forever. The field must be made unbuffered
// in the package, every receive of it must be in such a loop on a
// goroutine the package starts, and the send must hold no lock (a
// closed flag checked under the lock Stop takes guards it). A loop that
// leaves on ctx.Done() of a context kept beside its cancel (made by
// context.WithCancel of context.Background(): only the cancel ends it)
// is not reported for a function that made the object itself and
// cancels only after its send (defer s.Close()), when no goroutine it
// starts cancels: the loop leaves only after the send, on the same
// goroutine. So is a loop that leaves only on ctx.Done() of a context
// handed down to it (a parameter of the loop's function, or a field its
// constructor stores from a parameter), for a send on an object built,
// by the sending function or one that calls it on the same goroutine,
// on a context it made (context.Background(), or WithCancel of it) and
// cancels only deferred or after the send, with the cancel handed to no
// one else: ctx, cancel := context.WithCancel(context.Background());
// defer cancel(); s := NewServer(ctx); s.reqs <- r. Nor is a send that
// runs only under the function that cancels the loop's context: the
// context made by WithCancel of context.Background() and handed to the
// loop, and its cancel passed on, through variables, closures and
// parameters only, to a function that cancels on one branch and, on
// another its cancel does not reach, makes the send (itself, in what it
// calls, or on goroutines it starts and waits for), when nothing else
// cancels and that function never runs as a goroutine of its own. It
// decides on each call whether the loop is to serve or to stop:
// if done { cancel(); return }; for _, w := range ws { go pause(w) };
// wg.Wait().
//
// Reported (❌): Status blocks forever after Stop:
//
//	func (n *node) run() {
//		for {
//			select {
//			case c := <-n.status:
//				c <- n.state
//			case <-n.stop:
//				return
//			}
//		}
//	}
//
//	func (n *node) Status() State {
//		c := make(chan State)
//		n.status <- c // reported
//		return <-c
//	}
//
// Not reported (✅): the sender selects on the loop's stop channel too:
//
//	select {
//	case n.status <- c:
//	case <-n.stop:
//		return State{}, ErrStopped
//	}
//
// A wait that cannot return: wg.Wait() for a goroutine counted by
// wg.Add before it starts that can return without calling wg.Done (an
// early return, a branch without it); or for a goroutine blocked
// sending on an unbuffered channel its spawner made and receives from
// only after the Wait (a Wait inside the loop that adds is the same
// bug). A Done deferred (also under if wg != nil: the group counted is
// never nil), handed to a helper that calls it, or a receiver started
// before the Wait stays silent, and so does a return after a range over
// a Ticker's C (nothing closes it: the loop is left only from its
// body).
//
// Reported (❌): the results are read only after the Wait:
//
//	results := make(chan int)
//	for _, x := range xs {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			results <- compute(x)
//		}()
//	}
//	wg.Wait() // reported
//	close(results)
//	for r := range results { ... }
//
// Not reported (✅): a goroutine closes the channel after the Wait while
// the spawner receives (the seed guide's fan-in):
//
//	go func() {
//		wg.Wait()
//		close(results)
//	}()
//	for r := range results { ... }
//
// Flags:
//
//	-chanleak.spawners=pkgpath.Func,(*pkgpath.T).Method
//
// names functions that run a function argument on a new goroutine;
// function literals passed to them are followed like go statements. All
// analyzers' -spawners flags add to one list (docs/config.md).
// -chanleak=false turns the analyzer off. Standalone, flags go before
// the packages; under go vet, after -vettool:
//
//	concurlint -chanleak=false ./...
//	go vet -vettool="$(command -v concurlint || echo concurlint-not-on-PATH)" -chanleak=false ./...
//
// To silence a report you judge wrong, put
//
//	//concurlint:ignore chanleak <why the report is wrong>
//
// on its line or on the line above. The reason is required, and a
// directive that silences nothing is itself reported.
package chanleak
