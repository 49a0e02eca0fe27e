// Package ctxleak defines an Analyzer that reports lost context cancel
// functions and goroutines that ignore their context.
//
// # Analyzer ctxleak
//
// ctxleak: report lost context cancel functions and goroutines that ignore their context
//
// The cancel function of context.WithCancel, WithCancelCause,
// WithTimeout, WithTimeoutCause, WithDeadline, WithDeadlineCause and
// signal.NotifyContext releases the context's resources (its timer, its
// place in the parent's children, the signal registration). A context
// whose cancel is never called leaks them until the parent is done.
// ctxleak reports six shapes.
//
// A lost cancel: the cancel function is discarded (assigned to _),
// overwritten by a second assignment before it is called, or some path
// from the constructor to a return neither calls it nor hands it on.
// Calling it anywhere counts (a defer, a closure that is called or
// started as a goroutine), and so does handing it on: returning it,
// storing it in a struct field or package variable, sending it on a
// channel, appending it to a slice, passing it to a function that keeps
// it or that we cannot see. A function of yours that it is passed to is
// looked into, through calls of its own, interface methods implemented
// in the package, and method values or closures stored in fields:
// passing the cancel to one that calls it on every path (a nil check
// aside) calls it; to one that calls it on some paths only, or never,
// does not (a goroutine started with it too). Functions of your own
// that return a fresh cancel function on every return are treated as
// constructors too, across packages, and so are interface methods and
// function-valued fields whose every implementation in the package is
// one; one that returns a nil cancel on an error path is not, since its
// callers call the cancel on the success path only. What a function
// does with a cancel parameter, and which functions return one, are
// exported as facts for callers in other packages.
//
// A cancel stored in a field is followed there: reported when the field
// is unexported and nothing in the package reads it (no method can
// call it), when a second store into the same field of the same object
// replaces it before anything that may read the field runs, and when
// the field belongs to a new object that is dropped: not returned, not
// kept anywhere, handed only to calls that neither read the field nor
// keep the object. A function that returns such an object hands the
// duty to its callers: one that drops the result is reported. A
// context derived from one that is never done (Background, TODO,
// WithoutCancel, WithValue of such), there or in the caller that passes
// it to the constructor, registers nowhere: dropping its object loses
// nothing, unless the constructor starts a goroutine that may wait on
// it.
//
// Reported (❌): the early return skips the deferred cancel; the report
// is at the constructor and names the return:
//
//	ctx, cancel := context.WithTimeout(ctx, time.Second) // reported
//	if err := prepare(ctx); err != nil {
//		return err // cancel is neither called nor handed on here
//	}
//	defer cancel()
//
// Not reported (✅): defer cancel() right after the constructor, so
// every path calls it:
//
//	ctx, cancel := context.WithTimeout(ctx, time.Second)
//	defer cancel()
//	if err := prepare(ctx); err != nil {
//		return err
//	}
//
// Reported (❌): the cancel lives in a field that nothing calls:
//
//	func (r *rows) init(ctx context.Context) {
//		r.ctx, r.cancel = context.WithCancel(ctx) // reported: nothing reads r.cancel
//	}
//
// Not reported (✅): the type's Close calls it:
//
//	func (r *rows) Close() { r.cancel() }
//
// A cancel deferred in a loop: defer cancel() in the body of a loop that
// can run without bound (for {}, a condition with no count, a range
// over a channel or over an iterator function, a benchmark's b.N or
// b.Loop() loop) keeps every iteration's context alive until the
// function returns, so they pile up while the loop runs. Call cancel at
// the end of each iteration, or move the body into a function. A counted
// loop (a range over a slice, map, string or integer, or over the
// standard library's iterators on them; for i := 0; i < n; i++), such
// as a test's table, holds a known number of contexts for a while: it is
// not reported. Neither is a poll loop in test code (a _test.go file, a
// function taking a *testing.T, B, F or testing.TB, or a method of a
// struct that holds one): it ends with the test. A benchmark's loop is
// reported: b.N grows until the run takes a second, often to millions.
//
// A goroutine that ignores its context: a body started on a new
// goroutine (a go statement, an errgroup or WaitGroup.Go task, a
// time.AfterFunc callback, a function handed to a spawner: one named
// with -spawners, or one found to run its function argument on a new
// goroutine, such as a pool's Submit) that has a context.Context in
// scope, runs a for loop with no condition, or a range over a ticker's
// channel (ticker.C, time.Tick: never closed), with no way out (no
// return, break or goto), and never looks at the context inside it
// (<-ctx.Done(), ctx.Err(), or passing ctx to a call): nothing can
// stop it.
//
// Reported (❌):
//
//	go func() {
//		for { // reported: nothing can stop this loop
//			work()
//		}
//	}()
//
// Not reported (✅): the loop selects on ctx.Done():
//
//	go func() {
//		for {
//			select {
//			case <-ctx.Done():
//				return
//			default:
//				work()
//			}
//		}
//	}()
//
// A goroutine stranded on a send: a goroutine given a context (one it
// takes, captures or makes) sends with no select around the send on a
// channel its spawner makes and keeps (never closed there, returned,
// stored or handed to another goroutine), and the spawner can stop
// waiting on another signal (ctx.Done(), a stop channel, a timer) and
// return without receiving what the goroutine sends: the goroutine
// blocks forever, although it had a context to consult.
// An unbuffered channel is enough; a buffered one when the
// goroutine's sends can outnumber its slots: a loop nothing leaves, or
// a counted loop whose constant count exceeds the constant capacity.
// A loop whose count depends on input (left on an error or on
// ctx.Done()) or on a variable (make(chan T, n) for a loop over n) is
// taken to fit the buffer its author sized. Returning after a
// range over the channel ends (the goroutine closed it) strands
// nothing, and neither does a counted drain (for range xs { <-ch }),
// nor receiving from either of two channels the goroutine sends on one
// at a time (an error channel and a result channel).
//
// Reported (❌):
//
//	ch := make(chan int)
//	go func() { ch <- work(ctx) }() // reported
//	select {
//	case v := <-ch:
//		return v, nil
//	case <-ctx.Done():
//		return 0, ctx.Err() // the goroutine is left blocked
//	}
//
// Not reported (✅): room for the one send (make(chan int, 1)), or the
// goroutine selects on ctx.Done() around its send. A goroutine with no
// context to consult is chanleak's report (an abandoned sender).
//
// A goroutine stranded on a receive: a goroutine started where a
// context is in scope receives from a channel with no select, while
// every send on that channel in the package is made in a select that
// gives up on ctx.Done(), and nothing closes it. Once the context is
// cancelled nothing arrives. Channels compared are those of one
// variable, unexported field or slice field's elements; a channel that
// is exported, passed to a call, returned or stored elsewhere is left
// alone (others may send on it or close it).
//
// A goroutine that sends on a channel nothing can receive from: every
// channel stored in its variable or unexported field is made
// unbuffered, nothing in the package receives from it or closes it,
// and it is never returned, passed on or stored elsewhere. The send
// blocks forever; the goroutine's context cannot wake it. A channel
// made on the spot and stored into a field (a reply channel in a
// request struct sent to a serving loop, &req{resp: out}) is that
// field's channel: the requester's receive from out counts, and so
// does handing out on.
//
// Not reported: main.main and init functions (the process ends), the
// seed's timeout pattern with defer cancel(), workers that select on
// ctx.Done(), loops that end on another signal (a closed channel, a
// return on a condition).
//
// Flags: none besides -ctxleak=false, which turns the analyzer off
// (under go vet it goes after -vettool, like every analyzer flag).
// The suite's -spawners list (docs/config.md) names extra spawners for
// ctxleak as for every analyzer.
//
// To silence a report you judge wrong, put
//
//	//concurlint:ignore ctxleak <why the report is wrong>
//
// on its line or on the line above. The reason is required, and a
// directive that silences nothing is itself reported.
package ctxleak
