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
// goroutines read) before it takes the lock and closes.
var pathDBs = map[string]*PathDB2{}

type PathDB2 struct {
	lock   sync.Mutex
	pruner *Pruner
}

func NewPathDB2(name string, syncing bool) *PathDB2 {
	db := &PathDB2{pruner: &Pruner{closed: make(chan struct{})}}
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
