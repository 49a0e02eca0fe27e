// Package readread: cycles through read locks block only behind a
// queued writer.
package readread

import "sync"

type Index struct{ mu sync.RWMutex }
type Table struct{ mu sync.RWMutex }

// ✅ Both goroutines only read-lock both locks, and nothing write-locks
// either: readers never wait on readers.
func lookup(ix *Index, t *Table) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t.mu.RLock()
	defer t.mu.RUnlock()
}

func scan(ix *Index, t *Table) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
}

// ✅ Recursive read locking with no writer of the class anywhere.
func (ix *Index) twice() {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.get()
}

func (ix *Index) get() {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
}

type Users struct{ mu sync.RWMutex }
type Groups struct{ mu sync.RWMutex }

// ❌ Twin: the same read/read cycle, and writers of both classes exist.
func members(u *Users, g *Groups) {
	u.mu.RLock()
	defer u.mu.RUnlock()
	g.mu.RLock() // want `lock order inversion: \(readread.Users\).mu then \(readread.Groups\).mu here in readread.members, but \(readread.Groups\).mu then \(readread.Users\).mu at readread.go:\d+ in readread.owners; with a writer waiting on \(readread.Groups\).mu \(locked at readread.go:\d+\) and \(readread.Users\).mu \(locked at readread.go:\d+\), goroutines taking both paths at once deadlock`
	defer g.mu.RUnlock()
}

func owners(u *Users, g *Groups) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	u.mu.RLock()
	defer u.mu.RUnlock()
}

func (u *Users) add() {
	u.mu.Lock()
	defer u.mu.Unlock()
}

func (g *Groups) add() {
	g.mu.Lock()
	defer g.mu.Unlock()
}

// ❌ Twin: recursive read locking of a class that has a writer.
func (u *Users) twice() {
	u.mu.RLock()
	defer u.mu.RUnlock()
	u.get() // want `recursive read lock: u.mu is read-locked again .*; a writer locks it at readread.go:\d+`
}

func (u *Users) get() {
	u.mu.RLock()
	defer u.mu.RUnlock()
}
