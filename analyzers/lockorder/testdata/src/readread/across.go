package readread

import "rwdep"

// ❌ Row (write) then Table (read), against rwdep.ScanTable's Table
// (read) then Row (read): ScanTable waits for Row behind this writer,
// and this function's read of Table waits only if a writer queues on
// Table, which rwdep.Put is (seen through rwdep's facts).
func fixRow(t *rwdep.Table, r *rwdep.Row) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	t.Mu.RLock() // want `lock order inversion: \(rwdep.Row\).Mu then \(rwdep.Table\).Mu here in readread.fixRow, but \(rwdep.Table\).Mu then \(rwdep.Row\).Mu at rwdep.go:\d+ in rwdep.ScanTable; with a writer waiting on \(rwdep.Table\).Mu \(locked at rwdep.go:\d+\), goroutines`
	defer t.Mu.RUnlock()
}

// ✅ The same with View, which nothing write-locks.
func fixRowView(v *rwdep.View, r *rwdep.Row) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	v.Mu.RLock()
	defer v.Mu.RUnlock()
}
