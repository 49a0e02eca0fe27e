package handover

import (
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

type DB struct {
	mu   sync.Mutex
	rw   sync.RWMutex
	open bool
}

// Tx releases db.mu (its close) and db.rw's read lock (its done).
type Tx struct{ db *DB }

func (tx *Tx) close() { tx.db.mu.Unlock() }

func (tx *Tx) done() { tx.db.rw.RUnlock() }

// Other releases nothing.
type Other struct{ db *DB }

func (o *Other) Close() { o.db = nil }

func (db *DB) begin() *Tx {
	db.mu.Lock()
	return &Tx{db: db} // want `hands db.mu to the caller`
}

// The result is nil: nothing carries the lock.
func (db *DB) beginNil() *Tx {
	db.mu.Lock()
	return nil
}

// Other's methods do not release db.mu.
func (db *DB) beginOther() *Other {
	db.mu.Lock()
	return &Other{db: db}
}

// Tx releases db.rw's read lock, not its write lock.
func (db *DB) beginWrite() *Tx {
	db.rw.Lock()
	return &Tx{db: db}
}

func (db *DB) beginRead() (*Tx, error) {
	db.rw.RLock()
	return &Tx{db: db}, nil // want `hands db.rw to the caller`
}

// The mutex itself, through a phi, and as a sync.Locker.
func (db *DB) lockIf() (l *sync.Mutex) {
	db.mu.Lock()
	if db.open {
		l = &db.mu
	}
	return // want `hands db.mu to the caller`
}

func (db *DB) locker() sync.Locker {
	db.mu.Lock()
	return &db.mu // want `hands db.mu to the caller`
}

// Another mutex of the same object is not this one.
func (db *DB) wrongMutex() *sync.RWMutex {
	db.mu.Lock()
	return &db.rw
}

// The goroutine locks, its starter unlocks.
func relay(n int) {
	var mu sync.Mutex
	var other sync.Mutex
	ch := make(chan bool)
	go func() {
		for i := 0; i < n; i++ {
			mu.Lock() // want `mu is released by another goroutine`
			other.Lock()
			ch <- true
		}
	}()
	for i := 0; i < n; i++ {
		<-ch
		mu.Unlock()
	}
	other.Lock()
	other.Unlock() // held here: this unlock is its own
}

type Pipe struct {
	mu    sync.Mutex
	ready chan bool
}

func (p *Pipe) release() {
	for range p.ready {
		p.mu.Unlock()
	}
}

// A goroutine this function starts releases p.mu.
func (p *Pipe) feed() {
	go p.release()
	p.mu.Lock() // want `p.mu is released by another goroutine`
	p.ready <- true
}

// A goroutine started on another Pipe releases that one's.
func (p *Pipe) feedOther(q *Pipe) {
	go q.release()
	p.mu.Lock()
	p.ready <- true
}

// A method started by go: its starter releases it.
func (p *Pipe) lockOnce() {
	p.mu.Lock() // want `p.mu is released by another goroutine`
	p.ready <- true
}

func (p *Pipe) Run() {
	go p.lockOnce()
	<-p.ready
	p.mu.Unlock()
}

func (p *Pipe) idle() {}

// One of the methods the goroutine may run releases p.mu. Method
// expressions are synthetic thunks, which the model first meets when
// HandedOff asks, after it is sealed.
func (p *Pipe) feedEither(quiet bool) {
	start := (*Pipe).release
	if quiet {
		start = (*Pipe).idle
	}
	go start(p)
	p.mu.Lock() // want `p.mu is released by another goroutine`
	p.ready <- true
}
