package calls

import (
	"errors"
	"sync"
)

// Lock leaks at a return where the lock was taken behind a call: a
// lock helper one call away (a method) and two calls away (a function
// calling it).

type L struct {
	mu sync.Mutex
	n  int
}

func (l *L) lock()   { l.mu.Lock() }
func (l *L) unlock() { l.mu.Unlock() }

func lockL(l *L) { l.lock() }

var errFull = errors.New("full")

func (l *L) add() error {
	l.lock()
	if l.n > 10 {
		return errFull // want `l.mu is still locked at this return, but released on other paths`
	}
	l.n++
	l.unlock()
	return nil
}

func addTwoDeep(l *L) error {
	lockL(l)
	if l.n > 10 {
		return errFull // want `l.mu is still locked at this return, but released on other paths`
	}
	l.n++
	l.unlock()
	return nil
}

// ✅ Every return releases the lock taken through the helper.
func (l *L) addOK() error {
	l.lock()
	defer l.unlock()
	if l.n > 10 {
		return errFull
	}
	l.n++
	return nil
}

func (l *L) addOK2() error {
	lockL(l)
	if l.n > 10 {
		l.unlock()
		return errFull
	}
	l.n++
	l.unlock()
	return nil
}
