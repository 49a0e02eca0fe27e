// Package nevernil: a call that would lock a held mutex again, under a
// branch taken only when a field is nil, is dead code when every maker
// of the (unexported) type sets the field and nothing sets it to nil;
// the same shape is reported when the field starts out nil or is
// cleared somewhere.
package nevernil

import (
	"errors"
	"sync"
)

type Consumer interface{ Consume() error }

type pull struct{ name string }

func (p *pull) Consume() error { return nil }

type Source interface{ Create() (Consumer, error) }

// ordered's current is set by its only maker before it is handed out,
// and later only replaced by another consumer: never nil.
type ordered struct {
	sync.Mutex
	src     Source
	current *pull
}

func NewOrdered(src Source) (Consumer, error) {
	o := &ordered{src: src}
	c, err := src.Create()
	if err != nil {
		return nil, err
	}
	o.current = c.(*pull)
	return o, nil
}

func (o *ordered) Consume() error {
	o.Lock()
	defer o.Unlock()
	if o.current == nil {
		return o.reset() // dead: current is never nil
	}
	return nil
}

func (o *ordered) reset() error {
	o.Lock()
	defer o.Unlock()
	c, err := o.src.Create()
	if err != nil {
		return err
	}
	o.current = c.(*pull)
	return nil
}

// lazy's maker leaves current nil: the first Consume deadlocks.
type lazy struct {
	sync.Mutex
	src     Source
	current *pull
}

func NewLazy(src Source) Consumer {
	return &lazy{src: src}
}

func (l *lazy) Consume() error {
	l.Lock()
	defer l.Unlock()
	if l.current == nil {
		return l.reset() // want `self-deadlock: l.Mutex is locked again`
	}
	return nil
}

func (l *lazy) reset() error {
	l.Lock()
	defer l.Unlock()
	c, err := l.src.Create()
	if err != nil {
		return err
	}
	l.current = c.(*pull)
	return nil
}

// cleared is set by its maker but cleared by Stop: Consume after Stop
// deadlocks.
type cleared struct {
	sync.Mutex
	src     Source
	current *pull
}

func NewCleared(src Source) (Consumer, error) {
	c := &cleared{src: src, current: &pull{}}
	return c, nil
}

func (c *cleared) Stop() {
	c.Lock()
	c.current = nil
	c.Unlock()
}

func (c *cleared) Consume() error {
	c.Lock()
	defer c.Unlock()
	if c.current == nil {
		return c.reset() // want `self-deadlock: c.Mutex is locked again`
	}
	return nil
}

func (c *cleared) reset() error {
	c.Lock()
	defer c.Unlock()
	c.current = &pull{}
	return errors.New("reset")
}
