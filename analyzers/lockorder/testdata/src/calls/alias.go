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
