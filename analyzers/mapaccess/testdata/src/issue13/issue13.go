// Package issue13 holds the false shapes of issue 13 (10-14), each
// beside a buggy twin that is still reported.
package issue13

import (
	"sync"
	"time"
)

// ✅ 10: Done in the exit branch of a select loop, not deferred, still
// ends the goroutine: no write can follow it.
func doneInExitBranch(in chan int, quit chan struct{}) int {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for {
			select {
			case v := <-in:
				m[v] = v
			case <-quit:
				wg.Done()
				return
			}
		}
	}()
	wg.Wait()
	return m[0]
}

// ❌ 10's twin: the loop goes on writing after Done.
func doneThenLoop(in chan int, quit chan struct{}) int {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for {
			select {
			case v := <-in:
				m[v] = v // want `map m is written by this goroutine while its spawner reads it`
			case <-quit:
				wg.Done()
			}
		}
	}()
	wg.Wait()
	return m[0]
}

// ✅ 11: each goroutine writes its own shard, picked by its parameter.
func shardsByParam(n int) {
	shards := make([]map[string]int, n)
	for i := range shards {
		shards[i] = map[string]int{}
	}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			shards[i]["k"] = i
		}(i)
	}
	wg.Wait()
}

// ✅ 11: or by its own loop variable (go1.22 semantics), in an array.
func shardsByLoopVar() {
	var shards [4]map[string]int
	for i := range shards {
		shards[i] = map[string]int{}
	}
	var wg sync.WaitGroup
	for i := 0; i < len(shards); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			shards[i]["k"] = i
		}()
	}
	wg.Wait()
}

// ❌ 11's twin: every goroutine writes the same shard.
func sameShard(n int) {
	shards := make([]map[string]int, n)
	for i := range shards {
		shards[i] = map[string]int{}
	}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			shards[0]["k"] = i // want `map shards\[0\] is written by this goroutine while other instances of this goroutine, started by the same loop, write it`
		}(i)
	}
	wg.Wait()
}

// ❌ 11's twin: the index is the same for every instance.
func sameIndex(n int) {
	shards := make([]map[string]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(j int) {
			defer wg.Done()
			shards[j]["k"] = i // want `map shards\[i\] is written by this goroutine while other instances of this goroutine, started by the same loop, write it`
		}(n)
	}
	wg.Wait()
}

// ❌ 11's twin: an index computed in the loop may repeat.
func shardsByHash(keys []string, n int) {
	shards := make([]map[string]int, n)
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(s int) {
			defer wg.Done()
			shards[s][k] = 1 // want `map shards\[i\] is written by this goroutine while other instances of this goroutine, started by the same loop, write it`
		}(len(k) % n)
	}
	wg.Wait()
}

// ✅ 11: by the index of a range loop.
func shardsByRange(keys []string) {
	shards := make([]map[string]int, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			shards[i][k] = 1
		}(i)
	}
	wg.Wait()
}

// ❌ 13's twin: the helper is started before the writer is counted in
// the group, so its Wait may return at once.
func relayedBefore(keys []string) int {
	m := map[string]int{}
	var wg sync.WaitGroup
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, k := range keys {
			m[k] = len(k) // want `map m is written by this goroutine while its spawner reads it`
		}
	}()
	<-done
	return m["a"]
}

// ✅ 13: every writer is done before the read, through a helper that
// waits for them and closes done.
func relayed(keys []string) int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, k := range keys {
			m[k] = len(k)
		}
	}()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return m["a"]
	case <-time.After(time.Second):
		return 0
	}
}

// ❌ 13's twin: the helper closes done before it waits.
func relayedEarly(keys []string) int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, k := range keys {
			m[k] = len(k) // want `map m is written by this goroutine while its spawner reads it`
		}
	}()
	done := make(chan struct{})
	go func() {
		close(done)
		wg.Wait()
	}()
	<-done
	return m["a"]
}

// ✅ 14: the goroutine locks the mutex it is passed, the spawner the
// same mutex by its own name.
func lockedInCallee(n int) {
	var mu sync.Mutex
	m := map[int]int{}
	go fill(m, &mu, n)
	mu.Lock()
	m[0] = 0
	mu.Unlock()
}

func fill(m map[int]int, mu *sync.Mutex, n int) {
	mu.Lock()
	defer mu.Unlock()
	m[n] = n
}

// ❌ 14's twin: the spawner takes no lock.
func unlockedCaller(n int) {
	var mu sync.Mutex
	m := map[int]int{}
	go fill2(m, &mu, n)
	m[0] = 0
}

func fill2(m map[int]int, mu *sync.Mutex, n int) {
	mu.Lock()
	defer mu.Unlock()
	m[n] = n // want `map m is written by this goroutine while its spawner writes it`
}

// ✅ 14: the lock is taken by a helper that returns holding it.
type Store struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store) lock()   { s.mu.Lock() }
func (s *Store) unlock() { s.mu.Unlock() }

func (s *Store) Put(k string) {
	s.lock()
	s.m[k] = 1
	s.unlock()
}

func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k]
}

// ❌ A method that takes neither.
func (s *Store) Peek(k string) int {
	return s.m[k] // want `map s.m is read without s.mu, which guards it in`
}

// ✅ 14 (kubernetes#1321's shape): the write holds a lock the guarded
// read holds too, though not the one the inference takes as the guard.
var globalMtx sync.Mutex

type Mux struct {
	lock     sync.Mutex
	watchers map[int64]int
}

func (m *Mux) Watch(id int64) {
	globalMtx.Lock()
	m.watchers[id] = 1
	globalMtx.Unlock()
}

func (m *Mux) distribute() {
	m.lock.Lock()
	defer m.lock.Unlock()
	globalMtx.Lock()
	for range m.watchers {
	}
	globalMtx.Unlock()
}

func (m *Mux) Start() { go m.distribute() }

// ❌ Its twin: the write holds a lock no other access holds.
var otherMtx sync.Mutex

type Mux2 struct {
	lock     sync.Mutex
	watchers map[int64]int
}

func (m *Mux2) Watch(id int64) {
	otherMtx.Lock()
	m.watchers[id] = 1 // want `map m.watchers is written without m.lock, which guards it in`
	otherMtx.Unlock()
}

func (m *Mux2) distribute() {
	m.lock.Lock()
	defer m.lock.Unlock()
	globalMtx.Lock()
	for range m.watchers {
	}
	globalMtx.Unlock()
}

func (m *Mux2) Start() { go m.distribute() }

// ✅ 12: stats is written under the read lock only by the one loop
// goroutine; everyone else takes the write lock.
type Server struct {
	mu    sync.RWMutex
	conns map[int]bool
	stats map[string]int
}

func (s *Server) Start() { go s.loop() }

func (s *Server) loop() {
	for {
		s.mu.RLock()
		_ = s.conns[0]
		s.stats["tick"]++
		s.mu.RUnlock()
	}
}

func (s *Server) Stats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats["tick"]
}

func (s *Server) Conn(id int) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.conns[id]
}

// ❌ 12's twin: another read-lock holder reads the map.
type Server2 struct {
	mu    sync.RWMutex
	stats map[string]int
}

func (s *Server2) Start() { go s.loop() }

func (s *Server2) loop() {
	for {
		s.mu.RLock()
		s.stats["tick"]++ // want `map s.stats is written while holding only the read lock of s.mu`
		s.mu.RUnlock()
	}
}

func (s *Server2) Stats() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.stats["tick"]
}

// ❌ Holding another Mux3's lock (same declaration, another value) does
// not guard this one's map.
type Mux3 struct {
	lock     sync.Mutex
	watchers map[int64]int
}

func (m *Mux3) Add(id int64) {
	m.lock.Lock()
	m.watchers[id] = 1
	m.lock.Unlock()
}

func (m *Mux3) CopyFrom(o *Mux3, id int64) {
	o.lock.Lock()
	m.watchers[id] = o.watchers[id] // want `map m.watchers is written without m.lock, which guards it in`
	o.lock.Unlock()
}

// ✅ 12 through helpers: the loop's truncate read-locks and writes
// deleted, and its helper gc reads it under the same read lock; both
// run only on the loop's goroutine, everyone else takes the write lock
// (prometheus' agent DB: run → truncate → gc).
type AgentDB struct {
	mtx     sync.RWMutex
	deleted map[int]int
	stopc   chan struct{}
}

func OpenAgentDB() *AgentDB {
	db := &AgentDB{deleted: map[int]int{}, stopc: make(chan struct{})}
	go db.run()
	return db
}

func (db *AgentDB) run() {
	for {
		select {
		case <-db.stopc:
			return
		default:
			db.truncate(1)
		}
	}
}

func (db *AgentDB) truncate(mint int) {
	db.mtx.RLock()
	defer db.mtx.RUnlock()
	db.gc(mint)
	for ref := range db.deleted {
		delete(db.deleted, ref)
	}
}

func (db *AgentDB) gc(mint int) {
	if _, ok := db.deleted[mint]; !ok {
		db.deleted[mint] = mint
	}
}

func (db *AgentDB) Close() {
	db.mtx.Lock()
	defer db.mtx.Unlock()
	db.deleted = nil
}

// ❌ The twin: an exported method also read-locks and writes deleted,
// on the caller's goroutine, beside the loop.
type AgentDB2 struct {
	mtx     sync.RWMutex
	deleted map[int]int
}

func OpenAgentDB2() *AgentDB2 {
	db := &AgentDB2{deleted: map[int]int{}}
	go db.run()
	return db
}

func (db *AgentDB2) run() {
	for {
		db.truncate(1) // want `map db.deleted is written while holding only the read lock of db.mtx`
	}
}

func (db *AgentDB2) truncate(mint int) {
	db.mtx.RLock()
	defer db.mtx.RUnlock()
	db.deleted[mint] = mint // want `map db.deleted is written while holding only the read lock of db.mtx`
}

func (db *AgentDB2) Forget(ref int) {
	db.mtx.RLock()
	defer db.mtx.RUnlock()
	delete(db.deleted, ref) // want `map db.deleted is written while holding only the read lock of db.mtx`
}
