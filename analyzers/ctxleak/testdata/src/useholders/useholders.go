// Package useholders drops and keeps another package's holders.
package useholders

import (
	"context"

	"holders"
)

func use(...any) {}

// ❌ Dropped: nothing can close it.
func dropped() {
	c, err := holders.Open(nil) // want `the Conn returned by holders.Open holds a cancel function \(field cancel\) and is dropped`
	use(c.Name, err)
}

// ✅ Closed.
func closed() {
	c, err := holders.Open(nil)
	if err != nil {
		return
	}
	defer c.Close()
}

// ✅ Dropped, but its context's parent is never done: through the
// fact's parent parameter, the cancel is inert (the twin is dropped).
func droppedInert() {
	c, _ := holders.Open(context.Background())
	use(c.Name)
}
