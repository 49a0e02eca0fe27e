// Package rwdep read-locks Table then Row and View then Row; only
// Table has a writer. readread takes the other orders.
package rwdep

import "sync"

type Table struct{ Mu sync.RWMutex }
type View struct{ Mu sync.RWMutex }
type Row struct{ Mu sync.RWMutex }

func (t *Table) Put() {
	t.Mu.Lock()
	defer t.Mu.Unlock()
}

func ScanTable(t *Table, r *Row) {
	t.Mu.RLock()
	defer t.Mu.RUnlock()
	r.Mu.RLock()
	defer r.Mu.RUnlock()
}

func ScanView(v *View, r *Row) {
	v.Mu.RLock()
	defer v.Mu.RUnlock()
	r.Mu.RLock()
	defer r.Mu.RUnlock()
}
