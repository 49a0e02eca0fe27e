// Package wrapped holds locks and WaitGroups taken through interfaces
// (wsync, as syncthing's lib/sync): recognised by their method sets.
package wrapped

import (
	"sync"

	"wsync"
)

type service struct {
	dialNow    map[string]bool
	dialNowMut wsync.Mutex
}

// Every instance writes under the interface mutex: silent.
func (s *service) connected(ids []string) {
	for _, id := range ids {
		go func() {
			s.dialNowMut.Lock()
			s.dialNow[id] = true
			s.dialNowMut.Unlock()
		}()
	}
}

// The twin without the lock is still reported.
func (s *service) connectedUnlocked(ids []string) {
	for _, id := range ids {
		go func() {
			s.dialNow[id] = true // want `map s.dialNow is written by this goroutine while other instances of this goroutine, started by the same loop, write it`
		}()
	}
}

// A deferred Unlock holds the lock to the end.
func (s *service) connectedDeferred(ids []string) {
	for _, id := range ids {
		go func() {
			s.dialNowMut.Lock()
			defer s.dialNowMut.Unlock()
			s.dialNow[id] = true
		}()
	}
}

// Released before the write: reported.
func (s *service) connectedReleased(ids []string) {
	for _, id := range ids {
		go func() {
			s.dialNowMut.Lock()
			s.dialNowMut.Unlock()
			s.dialNow[id] = true // want `map s.dialNow is written by this goroutine while other instances of this goroutine`
		}()
	}
}

type table struct {
	rows map[string]int
	mut  wsync.RWMutex
}

// Reads under RLock of an RWMutex-like interface, writes under Lock.
func (t *table) fill(keys []string) int {
	for _, k := range keys {
		go func() {
			t.mut.Lock()
			t.rows[k] = len(k)
			t.mut.Unlock()
		}()
	}
	t.mut.RLock()
	defer t.mut.RUnlock()
	return t.rows["a"]
}

// scan writes a local map under a local interface mutex in its
// goroutines and reads it after Wait on an interface WaitGroup.
func scan(folders []string, scanOne func(string) error) map[string]error {
	errors := make(map[string]error, len(folders))
	errorsMut := wsync.NewMutex()
	wg := wsync.NewWaitGroup()
	wg.Add(len(folders))
	for _, folder := range folders {
		go func() {
			if err := scanOne(folder); err != nil {
				errorsMut.Lock()
				errors[folder] = err
				errorsMut.Unlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return errors
}

// The twin that never waits reads while the goroutines write.
func scanNoWait(folders []string, scanOne func(string) error) map[string]error {
	errors := make(map[string]error, len(folders))
	errorsMut := wsync.NewMutex()
	wg := wsync.NewWaitGroup()
	wg.Add(len(folders))
	for _, folder := range folders {
		go func() {
			if err := scanOne(folder); err != nil {
				errorsMut.Lock()
				errors[folder] = err // want `map errors is written by this goroutine while its spawner reads it`
				errorsMut.Unlock()
			}
			wg.Done()
		}()
	}
	_ = errors["x"]
	return errors
}

// A named type with its own Lock and Unlock counts too.
type spinLock struct{ mu wsync.Mutex }

func (l *spinLock) Lock()   { l.mu.Lock() }
func (l *spinLock) Unlock() { l.mu.Unlock() }

func count(keys []string) {
	seen := map[string]int{}
	var l spinLock
	l.mu = wsync.NewMutex()
	for _, k := range keys {
		go func() {
			l.Lock()
			seen[k]++
			l.Unlock()
		}()
	}
}

// The guarded-by inference learns nothing from a wrapped lock (it may
// be no mutex at all): Get, unlocked, is not reported.
type registry struct {
	m  map[string]int
	mu wsync.Mutex
}

func (r *registry) Set(k string, v int) {
	r.mu.Lock()
	r.m[k] = v
	r.mu.Unlock()
}

func (r *registry) Get(k string) int {
	return r.m[k]
}

// A sync mutex guards the field; an access under a wrapped lock of the
// receiver is not reported (as under another receiver mutex), the twin
// under no lock is. In the inference's vote Peek counts as unguarded,
// as when its lock was unseen: a wrapped lock adds no report.
type cache struct {
	m   map[string]int
	mu  sync.Mutex
	wmu wsync.Mutex
}

func (c *cache) Set(k string, v int) {
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

func (c *cache) Delete(k string) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}

func (c *cache) Peek(k string) int {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.m[k]
}

func (c *cache) Get(k string) int {
	return c.m[k] // want `map c.m is read without c.mu, which guards it in`
}

// Written holding only the read side of a wrapped RWMutex: the wrapper's
// modes are not trusted, no report; the sync twin is reported.
type index struct {
	m   map[string]int
	wmu wsync.RWMutex
	mu  sync.RWMutex
}

func (x *index) Put(k string) {
	x.wmu.RLock()
	x.m[k] = 1
	x.wmu.RUnlock()
}

func (x *index) PutSync(k string) {
	x.mu.RLock()
	x.m[k] = 1 // want `map x.m is written while holding only the read lock of x.mu`
	x.mu.RUnlock()
}
