package calls

import "sync"

// The callee locks inside a loop: a may-acquire still self-deadlocks.

type Batch struct {
	mu    sync.Mutex
	items []int
}

func (b *Batch) addAll(vs []int) {
	for _, v := range vs {
		b.mu.Lock()
		b.items = append(b.items, v)
		b.mu.Unlock()
	}
}

func (b *Batch) reload(vs []int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.addAll(vs) // want `self-deadlock: b.mu is locked again .*via \(\*calls.Batch\).addAll`
}

// ✅ Twin: the lock is released before the looping callee runs.
func (b *Batch) reloadOK(vs []int) {
	b.mu.Lock()
	b.items = b.items[:0]
	b.mu.Unlock()
	b.addAll(vs)
}

// Mutexes reached through pointers stored in a map and in a slice.

type Account struct {
	mu  sync.Mutex
	bal int
}

type Ledger struct {
	mu    sync.Mutex
	byID  map[string]*Account
	order []*Account
}

func (l *Ledger) credit(id string, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.byID[id]
	a.mu.Lock() // want `lock order inversion: \(calls.Ledger\).mu then \(calls.Account\).mu`
	a.bal += n
	a.mu.Unlock()
}

func (l *Ledger) audit() {
	for _, a := range l.order {
		a.mu.Lock()
		l.mu.Lock()
		l.mu.Unlock()
		a.mu.Unlock()
	}
}

// ✅ Twin: the same accounts, always taken after the ledger.
type Ledger2 struct {
	mu    sync.Mutex
	byID  map[string]*Account2
	order []*Account2
}

type Account2 struct {
	mu  sync.Mutex
	bal int
}

func (l *Ledger2) credit(id string, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.byID[id]
	a.mu.Lock()
	a.bal += n
	a.mu.Unlock()
}

func (l *Ledger2) audit() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, a := range l.order {
		a.mu.Lock()
		a.bal = 0
		a.mu.Unlock()
	}
}

// A bare *sync.Mutex kept in a slice: every element is an instance of
// the class calls.shards[], ordered against keysMu like a field.

var (
	keysMu sync.Mutex
	shards []*sync.Mutex
)

func resizeShards() {
	keysMu.Lock()
	defer keysMu.Unlock()
	for _, m := range shards {
		m.Lock() // want `lock order inversion: calls.keysMu then calls.shards\[\] here in calls.resizeShards, but calls.shards\[\] then calls.keysMu at issue15.go:\d+ in calls.renameInShard`
		m.Unlock()
	}
}

func renameInShard(i int) {
	m := shards[i]
	m.Lock()
	defer m.Unlock()
	keysMu.Lock()
	keysMu.Unlock()
}

// ✅ Twin: the shard's lock is released before keysMu is taken.
func withShard(i int) {
	m := shards[i]
	m.Lock()
	m.Unlock()
	keysMu.Lock()
	keysMu.Unlock()
}
