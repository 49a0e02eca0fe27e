// Package handover: locks whose ownership the code hands on by design
// (issue 13, shape 3 generalised), beside buggy twins.
package handover

import (
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

// DB hands its writer lock to the transaction Begin returns (bbolt's
// beginRWTx): Tx.close releases it.
type DB struct {
	rwlock sync.Mutex
	opened bool
	tx     *Tx
}

type Tx struct {
	db *DB
}

func (tx *Tx) init(db *DB) { tx.db = db }

func (tx *Tx) Commit() error {
	tx.close()
	return nil
}

func (tx *Tx) close() {
	if tx.db == nil {
		return
	}
	tx.db.rwlock.Unlock()
	tx.db = nil
}

// ✅ The returned Tx owns db.rwlock: its close releases it.
func (db *DB) Begin() (*Tx, error) {
	db.rwlock.Lock()
	if !db.opened {
		db.rwlock.Unlock()
		return nil, errClosed
	}
	t := &Tx{}
	t.init(db)
	db.tx = t
	return t, nil
}

// ❌ Twin: the error path returns nothing that carries the lock.
func (db *DB) BeginLeak(n int) (*Tx, error) {
	db.rwlock.Lock()
	if !db.opened {
		db.rwlock.Unlock()
		return nil, errClosed
	}
	if n < 0 {
		return nil, errClosed // want `db.rwlock is still locked at this return, but released on other paths`
	}
	t := &Tx{}
	t.init(db)
	return t, nil
}

// Snapshot has no method that releases db.rwlock.
type Snapshot struct {
	db *DB
}

func (s *Snapshot) Close() { s.db = nil }

// ❌ Twin: the returned Snapshot cannot release the lock.
func (db *DB) Snap() *Snapshot {
	db.rwlock.Lock()
	if !db.opened {
		db.rwlock.Unlock()
		return nil
	}
	return &Snapshot{db: db} // want `db.rwlock is still locked at this return, but released on other paths`
}

// Conn hands its read lock to the caller of wait (kafka-go's
// waitResponse, "yield ownership to the caller").
type Conn struct {
	rlock sync.Mutex
	next  int
}

// ✅ The matching response keeps c.rlock and returns it to the caller.
func (c *Conn) wait(id int) (size int, lock *sync.Mutex, err error) {
	for {
		c.rlock.Lock()
		if c.next < 0 {
			c.rlock.Unlock()
			err = errClosed
			break
		}
		if c.next == id {
			size, lock = c.next, &c.rlock
			break // the caller unlocks
		}
		c.rlock.Unlock()
	}
	return
}

func (c *Conn) Do(id int) (int, error) {
	size, lock, err := c.wait(id)
	if err != nil {
		return 0, err
	}
	defer lock.Unlock()
	return size, nil
}

// ✅ The same, handed over as a sync.Locker.
func (c *Conn) waitLocker(id int) sync.Locker {
	for {
		c.rlock.Lock()
		if c.next == id {
			return &c.rlock
		}
		c.rlock.Unlock()
		if c.next < 0 {
			return nil
		}
	}
}

func (c *Conn) DoLocker(id int) {
	if l := c.waitLocker(id); l != nil {
		l.Unlock()
	}
}

// ❌ Twin: the error path breaks out holding c.rlock and returns
// nothing that carries it.
func (c *Conn) waitLeak(id int) (size int, err error) {
	for {
		c.rlock.Lock()
		if c.next < 0 {
			err = errClosed
			break
		}
		if c.next == id {
			size = c.next
			c.rlock.Unlock()
			break
		}
		c.rlock.Unlock()
	}
	return // want `c.rlock is still locked at this return on the path through line`
}

func (c *Conn) DoLeak(id int) (int, error) { return c.waitLeak(id) }
