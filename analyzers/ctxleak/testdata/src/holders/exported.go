package holders

import "context"

// Conn holds a cancel that its Close calls.
type Conn struct {
	ctx    context.Context
	cancel context.CancelFunc
	Name   string
}

// Close cancels the connection's context.
func (c *Conn) Close() { c.cancel() }

// Open returns a new Conn: its callers must close it.
func Open(ctx context.Context) (*Conn, error) { // want Open:"returns a holder of cancel \\(field cancel\\) as result 0"
	ctx, cancel := context.WithCancel(ctx)
	return &Conn{ctx: ctx, cancel: cancel}, nil
}
