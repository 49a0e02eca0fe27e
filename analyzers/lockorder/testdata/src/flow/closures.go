package flow

// Shape 5: closures shared by closures.

// ✅ Shape 5: a rollback closure called directly and from another closure.
func (c *Conn) update(fail bool) error {
	c.mu.Lock()
	rollback := func() { c.id = 0; c.mu.Unlock() }
	commit := func() error {
		if c.id < 0 {
			rollback()
			return errFailed
		}
		c.mu.Unlock()
		return nil
	}
	if fail {
		rollback()
		return errFailed
	}
	return commit()
}

// ❌ Twin: this rollback does not release, so the failing return leaks.
func (c *Conn) updateLeak(fail bool) error {
	c.mu.Lock()
	rollback := func() { c.id = 0 }
	commit := func() error {
		if c.id < 0 {
			rollback()
		}
		c.mu.Unlock()
		return nil
	}
	if fail {
		rollback()
		return errFailed // want `c.mu is still locked at this return`
	}
	return commit()
}

var errFailed error
