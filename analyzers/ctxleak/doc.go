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
// ctxleak reports three shapes.
//
// A lost cancel: the cancel function is discarded (assigned to _), or
// some path from the constructor to a return neither calls it nor hands
// it on. Calling it anywhere counts (a defer, a closure that is called
// or started as a goroutine), and so does handing it on: returning it,
// storing it in a struct field or package variable, passing it to a
// function, sending it on a channel, appending it to a slice. Functions
// of your own that return a fresh cancel function are treated as
// constructors too, across packages (they are exported as facts):
//
//	ctx, cancel := context.WithTimeout(ctx, time.Second)
//	if err != nil {
//	    return err // reported: cancel is not called on this path
//	}
//	defer cancel()
//
// A cancel deferred in a loop: defer cancel() in a loop body keeps every
// iteration's context alive until the function returns. Call cancel at
// the end of each iteration, or move the body into a function.
//
// A goroutine that ignores its context: a body started with go (or as
// an errgroup task) that has a context.Context in scope, runs a for loop
// with no condition and no way out (no return, break or goto), and never
// looks at the context inside it (<-ctx.Done(), ctx.Err(), or passing
// ctx to a call): nothing can stop it.
//
// Not reported: main.main and init functions (the process ends), the
// seed's timeout pattern with defer cancel(), workers that select on
// ctx.Done(), loops that end on another signal (a closed channel, a
// return on a condition).
//
// To silence a report you judge wrong, put
//
//	//concurlint:ignore ctxleak <why the report is wrong>
//
// on its line or on the line above.
package ctxleak
