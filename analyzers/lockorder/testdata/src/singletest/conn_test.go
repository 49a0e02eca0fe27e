package singletest

import "testing"

// run replaces the promoted method in the test build; production code
// (Start) still starts it once per connection.
func (w *wrapped) run() {
	if w.hooks != nil && w.hooks.run != nil {
		w.hooks.run()
		return
	}
	w.Conn.run()
}

// The test takes both orders one after the other on its own framer.
func TestFramer(t *testing.T) {
	f := &framer{}
	f.appendFrames()
	f.reject()
}
