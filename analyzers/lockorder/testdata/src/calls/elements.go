package calls

import "sync"

// Bare mutexes kept in collections: each element is an instance of the
// class of its collection (calls.shards[], (calls.KeyTable).keys[]).

// Per-key locks in a map field, ordered against the table's mutex one
// call away.
type KeyTable struct {
	mu   sync.Mutex
	keys map[string]*sync.Mutex
	rows map[string]int
}

func (t *KeyTable) bump(k string) {
	m := t.keys[k]
	m.Lock()
	t.rows[k]++
	m.Unlock()
}

func (t *KeyTable) Add(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bump(k) // want `lock order inversion: \(calls.KeyTable\).mu then \(calls.KeyTable\).keys\[\] here \(via \(\*calls.KeyTable\).Add → \(\*calls.KeyTable\).bump\), but \(calls.KeyTable\).keys\[\] then \(calls.KeyTable\).mu at elements.go:\d+ in \(\*calls.KeyTable\).Compact`
}

func (t *KeyTable) Compact() {
	for k, m := range t.keys {
		m.Lock()
		t.mu.Lock()
		delete(t.rows, k)
		t.mu.Unlock()
		m.Unlock()
	}
}

// ✅ Twin: the table's mutex is always taken before a key's.
type KeyTable2 struct {
	mu   sync.Mutex
	keys map[string]*sync.Mutex
	rows map[string]int
}

func (t *KeyTable2) bump(k string) {
	m := t.keys[k]
	m.Lock()
	t.rows[k]++
	m.Unlock()
}

func (t *KeyTable2) Add(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bump(k)
}

func (t *KeyTable2) Compact() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, m := range t.keys {
		m.Lock()
		delete(t.rows, k)
		m.Unlock()
	}
}

// An array of mutexes in a field: &b.mtxs[i] is an element itself.
type Buffers struct {
	mu   sync.Mutex
	mtxs [4]sync.RWMutex
	n    int
}

func (b *Buffers) grow(i int) {
	b.mtxs[i].Lock()
	defer b.mtxs[i].Unlock()
	b.mu.Lock() // want `lock order inversion: \(calls.Buffers\).mtxs\[\] then \(calls.Buffers\).mu here in \(\*calls.Buffers\).grow, but \(calls.Buffers\).mu then \(calls.Buffers\).mtxs\[\] at elements.go:\d+ in \(\*calls.Buffers\).read`
	b.n++
	b.mu.Unlock()
}

func (b *Buffers) read(i int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.mtxs[i].RLock()
	defer b.mtxs[i].RUnlock()
	return b.n
}

// Elements of the same collection field of two tables are two instances
// of one class that a caller can pass either way round.
func mergeKey(a, b *KeyTable, k string) {
	ma := a.keys[k]
	ma.Lock()
	defer ma.Unlock()
	mb := b.keys[k]
	mb.Lock() // want `mb is locked while ma is held, and both are \(calls.KeyTable\).keys\[\]: nothing decides their order`
	defer mb.Unlock()
}

// ✅ Two elements of one collection are two instances, locked here in
// index order with no other lock: no self-deadlock, no order.
func lockShardsInOrder() {
	for i := range shards {
		shards[i].Lock()
	}
	for i := len(shards) - 1; i >= 0; i-- {
		shards[i].Unlock()
	}
}

// ✅ The same with constant indices.
func lockFirstTwo() {
	shards[0].Lock()
	shards[1].Lock()
	shards[1].Unlock()
	shards[0].Unlock()
}

// ✅ Every element of an array field, then hand over hand.
func (b *Buffers) clearAll() {
	for i := range b.mtxs {
		b.mtxs[i].Lock()
	}
	for i := range b.mtxs {
		b.mtxs[i].Unlock()
	}
}

func (b *Buffers) walk() {
	b.mtxs[0].Lock()
	for i := 1; i < len(b.mtxs); i++ {
		b.mtxs[i].Lock()
		b.mtxs[i-1].Unlock()
	}
	b.mtxs[len(b.mtxs)-1].Unlock()
}

// ✅ Every key of the table, each alone.
func (t *KeyTable) lockEach() {
	for _, m := range t.keys {
		m.Lock()
	}
	for _, m := range t.keys {
		m.Unlock()
	}
}

// A lock made on first use and stored in the map: the lookup and the
// new mutex are both elements of s.locks.
type Sessions struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
	n     int
}

func (s *Sessions) Touch(id string) {
	m, ok := s.locks[id]
	if !ok {
		m = new(sync.Mutex)
		s.locks[id] = m
	}
	m.Lock()
	defer m.Unlock()
	s.mu.Lock() // want `lock order inversion: \(calls.Sessions\).locks\[\] then \(calls.Sessions\).mu here in \(\*calls.Sessions\).Touch, but \(calls.Sessions\).mu then \(calls.Sessions\).locks\[\] at elements.go:\d+ in \(\*calls.Sessions\).Close`
	s.n++
	s.mu.Unlock()
}

func (s *Sessions) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.locks {
		m.Lock()
		m.Unlock()
	}
}

// ✅ Twin: the session's lock is let go of before s.mu is taken.
func (s *Sessions) TouchThenCount(id string) {
	m, ok := s.locks[id]
	if !ok {
		m = new(sync.Mutex)
		s.locks[id] = m
	}
	m.Lock()
	m.Unlock()
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

// A per-key lock returned by a getter that makes it on first use (the
// shape of hugo's remoteLock, GoBench hugo_3251).
type URLLocks struct {
	sync.RWMutex
	m map[string]*sync.Mutex
}

func (l *URLLocks) get(url string) *sync.Mutex {
	m, ok := l.m[url]
	if !ok {
		m = &sync.Mutex{}
		l.m[url] = m
	}
	return m
}

func (l *URLLocks) Purge(url string) {
	l.Lock()
	defer l.Unlock()
	m := l.get(url)
	m.Lock() // want `lock order inversion: \(calls.URLLocks\).RWMutex then \(calls.URLLocks\).m\[\] here in \(\*calls.URLLocks\).Purge, but \(calls.URLLocks\).m\[\] then \(calls.URLLocks\).RWMutex at elements.go:\d+ in \(\*calls.URLLocks\).Fetch`
	delete(l.m, url)
	m.Unlock()
}

func (l *URLLocks) Fetch(url string) {
	m := l.get(url)
	m.Lock()
	defer m.Unlock()
	l.RLock()
	defer l.RUnlock()
}

// ✅ Twin: the map's lock is let go of before the per-key lock is taken.
func (l *URLLocks) Prefetch(url string) {
	l.Lock()
	m := l.get(url)
	l.Unlock()
	m.Lock()
	defer m.Unlock()
}

// Per-queue locks kept in a sync.Map and returned by a getter (the shape
// of temporal's DLQ writer).
type DLQ struct {
	mu    sync.Mutex
	locks sync.Map
	n     int
}

func (q *DLQ) queueLock(key string) *sync.Mutex {
	if m, ok := q.locks.Load(key); ok {
		return m.(*sync.Mutex)
	}
	m, _ := q.locks.LoadOrStore(key, &sync.Mutex{})
	return m.(*sync.Mutex)
}

func (q *DLQ) Enqueue(key string) {
	m := q.queueLock(key)
	m.Lock()
	defer m.Unlock()
	q.mu.Lock() // want `lock order inversion: \(calls.DLQ\).locks\[\] then \(calls.DLQ\).mu here in \(\*calls.DLQ\).Enqueue, but \(calls.DLQ\).mu then \(calls.DLQ\).locks\[\] at elements.go:\d+ in \(\*calls.DLQ\).Drop`
	q.n++
	q.mu.Unlock()
}

func (q *DLQ) Drop(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	m := q.queueLock(key)
	m.Lock()
	q.locks.Delete(key)
	m.Unlock()
}

// ✅ Twin: the queue's lock is let go of before q.mu is taken.
func (q *DLQ) Count(key string) int {
	m := q.queueLock(key)
	m.Lock()
	m.Unlock()
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}
