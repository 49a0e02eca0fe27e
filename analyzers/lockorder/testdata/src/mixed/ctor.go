package mixed

import "sync"

// ✅ The closer that needs the lock is the constructor, on the object
// it has not published yet: no other goroutine can hold db.lock then,
// so a Recover holding it never waits for this close (go-ethereum's
// pathdb New → Disable).
type Pruner struct {
	closed chan struct{}
}

func (p *Pruner) close() { close(p.closed) }

type PathDB struct {
	lock   sync.Mutex
	pruner *Pruner
}

func NewPathDB(syncing bool) *PathDB {
	db := &PathDB{pruner: &Pruner{closed: make(chan struct{})}}
	if syncing {
		db.disable()
	}
	return db
}

func (db *PathDB) disable() {
	db.lock.Lock()
	defer db.lock.Unlock()
	db.pruner.close()
}

func (db *PathDB) Recover() {
	db.lock.Lock()
	defer db.lock.Unlock()
	<-db.pruner.closed
}

// ❌ The twin: the constructor publishes the object (a registry other
// goroutines read) before it takes the lock and closes. (Its pruner is
// a type of its own: a close of the same field without the lock, like
// PathDB's constructor's, could free the receive.)
var pathDBs = map[string]*PathDB2{}

type Pruner2 struct {
	closed chan struct{}
}

func (p *Pruner2) close() { close(p.closed) }

type PathDB2 struct {
	lock   sync.Mutex
	pruner *Pruner2
}

func NewPathDB2(name string, syncing bool) *PathDB2 {
	db := &PathDB2{pruner: &Pruner2{closed: make(chan struct{})}}
	pathDBs[name] = db
	if syncing {
		db.disable()
	}
	return db
}

func (db *PathDB2) disable() {
	db.lock.Lock()
	defer db.lock.Unlock()
	db.pruner.close()
}

func (db *PathDB2) Recover() {
	db.lock.Lock()
	defer db.lock.Unlock()
	<-db.pruner.closed // want `deadlock: receive from db.pruner.closed blocks while db.lock is held, and the closer \(\(\*PathDB2\).disable\) locks db.lock`
}

// ✅ A select with a case the model cannot wait on (a send on a
// buffered channel), reached through two calls: it is one select, with
// one case free, however many paths lead to it.
type Index struct {
	mu     sync.Mutex
	closed chan struct{}
	req    chan int
}

func NewIndex() *Index { return &Index{closed: make(chan struct{}), req: make(chan int, 1)} }

func (x *Index) pause() {
	select {
	case x.req <- 1:
	case <-x.closed:
	}
}

func (x *Index) pauseTwice() {
	x.pause()
	x.pause()
}

func (x *Index) Recover() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.pauseTwice()
}

func (x *Index) Close() {
	x.mu.Lock()
	close(x.closed)
	x.mu.Unlock()
}

// ❌ The twin: every case waits for the closer, which takes the lock.
type Index2 struct {
	mu     sync.Mutex
	closed chan struct{}
	done   chan struct{}
}

func NewIndex2() *Index2 { return &Index2{closed: make(chan struct{}), done: make(chan struct{})} }

func (x *Index2) pause() {
	select {
	case <-x.done:
	case <-x.closed:
	}
}

func (x *Index2) pauseTwice() {
	x.pause()
	x.pause()
}

func (x *Index2) Recover() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.pauseTwice() // want `deadlock: receive from x.(done|closed) blocks while x.mu is held`
}

func (x *Index2) Close() {
	x.mu.Lock()
	close(x.closed)
	close(x.done)
	x.mu.Unlock()
}

// ✅ The constructor has handed the object only to package code it
// starts (a flusher goroutine) when it takes the lock and signals; none
// of that code runs Drop, whose callers get the object from Open's
// return (badger's Open).
type LSM struct {
	lock  sync.Mutex
	stall chan struct{}
	n     int
}

func OpenLSM() *LSM {
	s := &LSM{stall: make(chan struct{})}
	go s.flush()
	s.lock.Lock()
	s.n = 1
	s.lock.Unlock()
	close(s.stall)
	return s
}

func (s *LSM) flush() { s.n++ }

func (s *LSM) Drop() {
	s.lock.Lock()
	defer s.lock.Unlock()
	<-s.stall
}

// ❌ The twin: the goroutine the constructor starts runs Drop.
type LSM2 struct {
	lock  sync.Mutex
	stall chan struct{}
	n     int
}

func OpenLSM2() *LSM2 {
	s := &LSM2{stall: make(chan struct{})}
	go s.flush()
	s.lock.Lock()
	s.n = 1
	s.lock.Unlock()
	close(s.stall)
	return s
}

func (s *LSM2) flush() { s.Drop() }

func (s *LSM2) Drop() {
	s.lock.Lock()
	defer s.lock.Unlock()
	<-s.stall // want `deadlock: receive from s.stall blocks while s.lock is held, and the closer \(OpenLSM2\) locks s.lock`
}
