package calls

import "sync"

// Lock aliases: an RWMutex's RLocker and a sync.Cond's L lock the
// mutex they were made from.

type Table struct {
	mu   sync.RWMutex
	rows []int
}

func (t *Table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

func (t *Table) Add(r int) {
	t.mu.Lock()
	t.rows = append(t.rows, r)
	t.mu.Unlock()
}

func (t *Table) viaRLocker() int {
	l := t.mu.RLocker()
	l.Lock()
	defer l.Unlock()
	return t.Len() // want `recursive read lock: t.mu is read-locked again`
}

func (t *Table) viaCond() {
	c := sync.NewCond(&t.mu)
	c.L.Lock()
	defer c.L.Unlock()
	t.Add(1) // want `self-deadlock: t.mu is locked again`
}

// ✅ The alias released before the call.
func (t *Table) viaRLockerOK() int {
	l := t.mu.RLocker()
	l.Lock()
	n := len(t.rows)
	l.Unlock()
	return n + t.Len()
}

// A sync.Cond kept in a field, built on the object's own mutex: its L
// is that mutex.

type Queue struct {
	mu    sync.RWMutex
	cond  *sync.Cond
	rcond *sync.Cond
	items []int
}

func newQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	q.rcond = sync.NewCond(q.mu.RLocker())
	return q
}

func (q *Queue) Len() int {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return len(q.items)
}

func (q *Queue) push(v int) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.mu.Lock() // want `self-deadlock: q.mu is locked again`
	q.items = append(q.items, v)
	q.mu.Unlock()
}

func (q *Queue) peek() int {
	q.rcond.L.Lock()
	defer q.rcond.L.Unlock()
	return q.Len() // want `recursive read lock: q.mu is read-locked again`
}

// ✅ The Cond's L released before the mutex is taken: no leak reported
// for the deferred L.Unlock either.
func (q *Queue) pushOK(v int) {
	q.cond.L.Lock()
	q.items = append(q.items, v)
	q.cond.L.Unlock()
	q.mu.Lock()
	q.mu.Unlock()
}
