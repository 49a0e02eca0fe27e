package holders

import (
	"context"
	"testing"
)

// Conn holds a cancel that its Close calls.
type Conn struct {
	ctx    context.Context
	cancel context.CancelFunc
	Name   string
}

// Close cancels the connection's context.
func (c *Conn) Close() { c.cancel() }

// Open returns a new Conn: its callers must close it.
func Open(ctx context.Context) (*Conn, error) { // want Open:"returns a holder of cancel \\(field cancel\\) as result 0, its context derived from param0"
	ctx, cancel := context.WithCancel(ctx)
	return &Conn{ctx: ctx, cancel: cancel}, nil
}

// ✅ A test that expects Open to fail drops what it returns.
func testOpenFails(t *testing.T) {
	if _, err := Open(nil); err == nil {
		t.Fatal("want an error")
	}
}

// ❌ The same outside a test leaks the Conn when Open succeeds.
func probe(ctx context.Context) error {
	_, err := Open(ctx) // want `the Conn returned by Open holds a cancel function`
	return err
}
