package gate

import "sync"

// Backend's commit runs under the batch lock, held by every caller (an
// Unlock method releases it, so its callers hold it too): the read
// lock then the backend lock there, and the other order in defrag,
// which takes the batch lock first, are one goroutine at a time.
type Backend struct {
	batch  sync.Mutex
	mu     sync.Mutex
	readMu sync.Mutex
}

func (b *Backend) commit() {
	b.readMu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	b.readMu.Unlock()
}

// Unlock commits and releases the batch lock its caller holds.
func (b *Backend) Unlock() {
	b.commit()
	b.batch.Unlock()
}

func (b *Backend) Commit() {
	b.batch.Lock()
	defer b.batch.Unlock()
	b.commit()
}

func (b *Backend) Defrag() {
	b.batch.Lock()
	defer b.batch.Unlock()
	b.mu.Lock()
	b.readMu.Lock()
	b.readMu.Unlock()
	b.mu.Unlock()
}

// ❌ Twin: one caller of commit2 does not hold the batch lock.
type Backend2 struct {
	batch  sync.Mutex
	mu     sync.Mutex
	readMu sync.Mutex
}

func (b *Backend2) commit2() {
	b.readMu.Lock()
	b.mu.Lock() // want `lock order inversion: \(gate.Backend2\).readMu then \(gate.Backend2\).mu here`
	b.mu.Unlock()
	b.readMu.Unlock()
}

func (b *Backend2) Commit() {
	b.batch.Lock()
	defer b.batch.Unlock()
	b.commit2()
}

func (b *Backend2) Force() { b.commit2() }

func (b *Backend2) Defrag() {
	b.batch.Lock()
	defer b.batch.Unlock()
	b.mu.Lock()
	b.readMu.Lock()
	b.readMu.Unlock()
	b.mu.Unlock()
}
