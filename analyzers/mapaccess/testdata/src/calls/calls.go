// Package calls holds mapaccess's shapes with the access one and two
// calls away from the goroutine, the spawner or the exported method,
// beside the correct twins.
package calls

import "sync"

func put(m map[string]int, k string) { m[k] = 1 }

func putTwice(m map[string]int, k string) { put(m, k) }

func get(m map[string]int, k string) int { return m[k] }

// ❌ The goroutine writes through a function; the spawner reads.
func oneCall() int {
	m := map[string]int{}
	go func() {
		put(m, "a") // want `map m is written by this goroutine while its spawner reads it`
	}()
	return m["a"]
}

// ❌ Two calls away, on both sides.
func twoCalls() int {
	m := map[string]int{}
	go func() {
		putTwice(m, "a") // want `map m is written by this goroutine while its spawner reads it`
	}()
	return get(m, "a")
}

// ✅ The spawner reads after the goroutine is done.
func twoCallsJoined() int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		putTwice(m, "a")
	}()
	wg.Wait()
	return get(m, "a")
}

type store struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *store) set(k string) { s.items[k] = 1 }

func (s *store) update(k string) { s.set(k) }

func (s *store) lockedSet(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = 1
}

// setSome writes only on some paths.
func (s *store) setSome(k string) {
	if k != "" {
		s.items[k] = 1
	}
}

// ❌ Sibling goroutines reach the map through methods, one and two
// calls deep (etcd#9446).
func methods(s *store) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.update("a") // want `map s.items is written by this goroutine while another goroutine, started at calls.go:\d+, reads it`
	}()
	go func() {
		defer wg.Done()
		_ = s.items["a"]
	}()
	wg.Wait()
}

// ❌ The callee writes on only some of its paths.
func somePaths(s *store, k string) {
	go func() {
		s.setSome(k) // want `map s.items is written by this goroutine while its spawner reads it`
	}()
	_ = s.items[k]
}

// ✅ The callee takes the lock, and so does the spawner.
func calleeLocks(s *store) {
	go s.lockedSet("a")
	s.mu.Lock()
	_ = s.items["a"]
	s.mu.Unlock()
}

// ✅ Both sides call the locking method.
func bothLock(s *store) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.lockedSet("a")
	}()
	go func() {
		defer wg.Done()
		s.lockedSet("b")
	}()
	wg.Wait()
}

// ❌ Instances started by a loop, each writing through a call.
func loop(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			put(m, k) // want `map m is written by this goroutine while other instances of this goroutine, started by the same loop, write it`
		}(k)
	}
	wg.Wait()
	return m
}

var cache = map[string]int{}

func remember(k string) { cache[k] = 1 }

// ❌ A package-level map written through a call.
func global(k string) {
	go func() {
		remember(k) // want `map cache is written by this goroutine while its spawner reads it`
	}()
	_ = cache[k]
}

// Registry guards items with mu.
type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

func (r *Registry) Set(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[k] = v
}

func (r *Registry) lookup(k string) int { return r.items[k] }

func (r *Registry) find(k string) int { return r.lookup(k) }

func (r *Registry) store(k string, v int) {
	r.mu.Lock()
	r.items[k] = v
	r.mu.Unlock()
}

// ❌ An exported method reads through a helper (two calls away) without
// the lock.
func (r *Registry) Get(k string) int {
	return r.find(k) // want `map r.items is read without r.mu, which guards it in`
}

// ✅ The helper is called under the lock.
func (r *Registry) GetLocked2(k string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.find(k)
}

// ✅ The helper takes the lock itself.
func (r *Registry) Put(k string, v int) { r.store(k, v) }

// writer is implemented once in the package.
type writer interface{ write(k string) }

type mapWriter struct{ m map[string]int }

func (w *mapWriter) write(k string) { w.m[k] = 1 }

func callWrite(i writer, k string) { i.write(k) }

// ❌ Behind an interface method the goroutine's callee calls.
func viaInterfaceParam(w *mapWriter) {
	go func() {
		callWrite(w, "a") // want `map w.m is written by this goroutine while its spawner reads it`
	}()
	_ = w.m["a"]
}

// hooked keeps a method value of its own in a field.
type hooked struct {
	items map[string]int
	onSet func(k string)
}

func newHooked() *hooked {
	h := &hooked{items: map[string]int{}}
	h.onSet = h.set
	return h
}

func (h *hooked) set(k string) { h.items[k] = 1 }

// ❌ The goroutine runs a method value stored in a field.
func viaMethodValue(h *hooked) {
	go func() {
		h.onSet("a") // want `map h.items is written by this goroutine while its spawner reads it`
	}()
	_ = h.items["a"]
}

// ✅ The stored method value runs after the join.
func viaMethodValueJoined(h *hooked) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = h.items["a"]
	}()
	wg.Wait()
	h.onSet("a")
}

// filler keeps a closure in a field.
type filler struct {
	fill func(m map[string]int)
}

func newFiller() *filler {
	return &filler{fill: func(m map[string]int) { m["x"] = 1 }}
}

// ❌ The goroutine runs a closure stored in a field on the spawner's map.
func viaClosureField(f *filler) {
	m := map[string]int{}
	go func() {
		f.fill(m) // want `map m is written by this goroutine while its spawner reads it`
	}()
	_ = m["x"]
}

func (r *Registry) count() int { return r.lookup("n") + 1 }

func (r *Registry) Delete(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.items, k)
}

func (r *Registry) Keys() (out []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.items {
		out = append(out, k)
	}
	return out
}

// ❌ One call away.
func (r *Registry) Len() int {
	return r.count() // want `map r.items is read without r.mu, which guards it in`
}

func (r *Registry) drop(k string) {
	if k != "" {
		delete(r.items, k)
	}
}

// ❌ The helper writes on only some of its paths.
func (r *Registry) Drop(k string) {
	r.drop(k) // want `map r.items is written without r.mu, which guards it in`
}

// Cache guards data with an RWMutex.
type Cache struct {
	mu   sync.RWMutex
	data map[string]int
}

func (c *Cache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.data[k]
}

func (c *Cache) store(k string, v int) { c.data[k] = v }

// ❌ A write through a helper under the read lock only.
func (c *Cache) Touch(k string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.store(k, 1) // want `map c.data is written while holding only the read lock of c.mu`
}

// ✅ The same helper under the write lock.
func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.store(k, v)
}

// Members keeps nodes under mu and acks under ackMu.
type Members struct {
	mu    sync.RWMutex
	ackMu sync.Mutex
	nodes map[string]int
	acks  map[int]int
}

func (m *Members) setAck(id int) {
	m.ackMu.Lock()
	m.acks[id] = 1
	m.ackMu.Unlock()
}

func (m *Members) peek(id int) {
	_ = m.nodes["x"]
	m.setAck(id)
}

// ✅ Under the read lock of mu, one call reads nodes and writes acks
// under ackMu (memberlist's probe): each access keeps its own locks.
func (m *Members) Probe(id int) {
	m.mu.RLock()
	m.peek(id)
	m.mu.RUnlock()
}

// ❌ The twin writes nodes in the call.
func (m *Members) Mark(id int) {
	m.mu.RLock()
	m.mark(id) // want `map m.nodes is written while holding only the read lock of m.mu`
	m.mu.RUnlock()
}

func (m *Members) mark(id int) {
	m.setAck(id)
	m.nodes["x"] = id
}

// index takes its lock only when asked (nats' Sublist.match).
type index struct {
	sync.RWMutex
	cache map[string]int
}

func (x *index) match(k string, doLock bool) int {
	if doLock {
		x.Lock()
	}
	x.cache[k] = 1
	if doLock {
		x.Unlock()
	}
	return x.cache[k]
}

func (x *index) insert(k string) {
	x.Lock()
	x.cache[k] = 2
	x.Unlock()
}

// ✅ Whether match is guarded depends on its caller's flag: unknown,
// so silent.
func chooses(x *index) {
	go func() {
		x.match("a", true)
	}()
	x.insert("a")
}

type consumer struct {
	mu      sync.Mutex
	pending map[int]int
}

func (c *consumer) load(copyIn bool, from map[int]int) {
	if copyIn {
		for k, v := range from {
			c.pending[k] = v
		}
	}
}

func (c *consumer) encode() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending) + c.pending[0]
}

// ✅ Both sides inside calls, the write on some of the callee's paths
// only (nats' loadState): not reported.
func startup(c *consumer, from map[int]int) {
	go func() {
		c.encode()
	}()
	c.load(false, from)
}

// Table guards rows with mu; its readers are reached through an
// interface implemented in the package and through a method value kept
// in a field.
type Table struct {
	mu   sync.Mutex
	rows map[string]int
	peek func(k string) int
}

type rowReader interface{ readRow(k string) int }

func (t *Table) readRow(k string) int { return t.rows[k] }

func NewTable() *Table {
	t := &Table{rows: map[string]int{}}
	t.peek = t.readRow
	return t
}

func (t *Table) Put(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows[k] = 1
}

// ❌ Through the interface, without the lock.
func (t *Table) Lookup(k string) int {
	var r rowReader = t
	return r.readRow(k) // want `map t.rows is read without t.mu, which guards it in`
}

// ✅ Through the interface, under the lock.
func (t *Table) LookupSafe(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	var r rowReader = t
	return r.readRow(k)
}

// ❌ Through the method value in the field, without the lock.
func (t *Table) Peek(k string) int {
	return t.peek(k) // want `map t.rows is read without t.mu, which guards it in`
}

// ✅ Through the method value in the field, under the lock.
func (t *Table) PeekSafe(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.peek(k)
}

// Index guards keys with mu; its helpers need the lock held by their
// callers ("Lock should be held"), and every caller holds it.
type Index struct {
	mu   sync.Mutex
	keys map[string]int
}

func (x *Index) addKey(k string) { x.keys[k] = 1 }

func (x *Index) countKey(k string) int { return x.keys[k] }

func (x *Index) Add(k string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.addKey(k)
}

func (x *Index) Remove(k string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.keys, k)
}

func (x *Index) Count(k string) int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.countKey(k)
}

// ✅ A method started as a goroutine calls a helper under the lock.
func (x *Index) refresh() {
	x.mu.Lock()
	x.addKey("r")
	x.mu.Unlock()
}

func (x *Index) Start() { go x.refresh() }

// ❌ Its twin: the goroutine calls the helper without the lock.
func (x *Index) rebuild() {
	x.addKey("b") // want `map x.keys is written without x.mu, which guards it in`
}

func (x *Index) Rebuild() { go x.rebuild() }
