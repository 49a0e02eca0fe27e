// Package helpers exports functions that take a cancel function.
package helpers

import "context"

// Stop calls the cancel on every path.
func Stop(cancel context.CancelFunc) { // want Stop:"calls param 0 on every path"
	cancel()
}

// StopOnError calls it on the error path only.
func StopOnError(err error, cancel context.CancelFunc) { // want StopOnError:"calls param 1 on some paths"
	if err != nil {
		cancel()
	}
	stopLater(cancel, nil)
}

// Ignore never calls it.
func Ignore(cancel context.CancelFunc) {} // want Ignore:"never calls param 0"

// Keep hands it on.
func Keep(cancel context.CancelFunc) { kept = append(kept, cancel) }

var kept []context.CancelFunc

// Closer holds a cancel.
type Closer struct{ cancels []func() }

// Close calls the cancel it is given, and the ones it holds.
func (c *Closer) Close(cancel func()) { // want Close:"calls param 1 on every path"
	for _, f := range c.cancels {
		f()
	}
	stopLater(cancel, cancel)
}

// stopLater is unexported: its summary is used here, not exported.
func stopLater(first, second func()) {
	if second != nil {
		second()
	}
}
