package skip

import (
	"errors"
	"sync"
)

// Conditional lock helpers are exempt from the leak check only where
// their callers read the result that says whether the lock is held.

type DeviceSet struct {
	sync.Mutex
	deleted int
	pending int
}

var errBusy = errors.New("busy")

// ❌ A nil error on the holding path looks like a conditional helper,
// but the only caller drops the result.
func (d *DeviceSet) cleanup() error {
	d.Lock()
	if d.deleted == 0 {
		return nil // want `d is still locked at this return, but released on other paths, and a caller ignores the result`
	}
	d.Unlock()
	return errBusy
}

func (d *DeviceSet) cleanupAll() {
	d.cleanup()
}

// ✅ Twin: every caller reads the result and unlocks when it says held.
func (d *DeviceSet) lockIfPending() error {
	d.Lock()
	if d.pending == 0 {
		d.Unlock()
		return errBusy
	}
	return nil
}

func (d *DeviceSet) flush() {
	if err := d.lockIfPending(); err != nil {
		return
	}
	defer d.Unlock()
	d.pending = 0
}

// ✅ A conditional helper returning true when it holds, read by its caller.
func (d *DeviceSet) tryBusy() bool {
	d.Lock()
	if d.pending > 0 {
		return true
	}
	d.Unlock()
	return false
}

func (d *DeviceSet) poll() int {
	if !d.tryBusy() {
		return 0
	}
	n := d.pending
	d.Unlock()
	return n
}
