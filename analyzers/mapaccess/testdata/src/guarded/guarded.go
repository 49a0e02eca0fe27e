package guarded

import "sync"

type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

// ✅ A constructor fills the map before anyone shares it.
func NewRegistry() *Registry {
	r := &Registry{items: map[string]int{}}
	r.items["zero"] = 0
	return r
}

func (r *Registry) Set(k string, v int) {
	r.mu.Lock()
	r.items[k] = v
	r.mu.Unlock()
}

// ❌ Get reads without the lock Set writes under.
func (r *Registry) Get(k string) int {
	return r.items[k] // want `map r.items is read without r.mu, which guards it in \(\*guarded.Registry\).Set: run concurrently with it, this is a concurrent map read and write, a fatal runtime error; hold r.mu here too`
}

// ✅ So is a method named for that convention.
func (r *Registry) DeleteLocked(k string) {
	delete(r.items, k)
}

// ❌ A method started as a goroutine.
func (r *Registry) Start() {
	go r.sweep()
}

func (r *Registry) sweep() {
	for k := range r.items { // want `map r.items is read without r.mu`
		_ = k
	}
}

// The seed's ✅ RWMutex cache.
type Cache struct {
	mu   sync.RWMutex
	data map[string]interface{}
}

func (c *Cache) Get(key string) (interface{}, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.data[key]
	return v, ok
}

func (c *Cache) Set(key string, value interface{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[key] = value
}

// ❌ A write under the read lock.
func (c *Cache) Touch(key string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.data[key] = nil // want `map c.data is written while holding only the read lock of c.mu: readers run at once, so two of them write the map concurrently`
}

// ✅ Fields nobody locks for are not guarded.
type Plain struct {
	seen map[string]bool
}

func (p *Plain) Mark(k string) { p.seen[k] = true }
func (p *Plain) Seen(k string) bool { return p.seen[k] }

// ✅ The map is taken out under the lock and detached: ranging over the
// copy afterwards touches a map nobody else can reach.
func (r *Registry) Drain() {
	r.mu.Lock()
	items := r.items
	r.items = map[string]int{}
	r.mu.Unlock()
	for k := range items {
		_ = k
	}
}

type Pool struct {
	mu   sync.Mutex
	free map[int]bool
}

func (p *Pool) Put(id int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free[id] = true
}

func (p *Pool) Take(id int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	ok := p.peek(id)
	delete(p.free, id)
	return ok
}

// ✅ An unexported helper is called with the lock held.
func (p *Pool) peek(id int) bool {
	return p.free[id]
}

// A registry filled before serving and read lock-free afterwards.
type Server struct {
	mu       sync.Mutex
	services map[string]int
}

func (s *Server) Register(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services[name] = len(s.services)
}

// ✅ Most methods read services without the lock: it is not guarded.
func (s *Server) Info() map[string]int { return s.services }

func (s *Server) lookup(name string) int { return s.services[name] }

func (s *Server) handle(name string) int { return s.services[name] + 1 }

// ✅ Teardown reads without the lock once the pool's users are gone.
func (p *Pool) Close() {
	for id := range p.free {
		_ = id
	}
}

// ✅ Another type reaching into a Table's map (a test suite, a wrapper)
// is no evidence that it runs beside the Table's methods: the guarded-by
// contract is between a type and its own methods. (Found on temporal's
// matching tests.)
type Table struct {
	mu   sync.Mutex
	rows map[string]int
}

func (t *Table) Put(k string, v int) {
	t.mu.Lock()
	t.rows[k] = v
	t.mu.Unlock()
}

func (t *Table) Row(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rows[k]
}

type TableSuite struct {
	tab *Table
}

func (s *TableSuite) TestRow() int {
	return s.tab.rows["a"]
}

// Loader hands its locking to its callers (syncthing's source code
// loader): LockWithVersion returns holding l.mu, Unlock releases it,
// and a library calls Load in between.
type Loader struct {
	mu      sync.Mutex
	version string
	cache   map[string]map[string]string
}

func (l *Loader) LockWithVersion(v string) {
	l.mu.Lock()
	l.version = v
	if _, ok := l.cache[v]; !ok {
		l.cache[v] = map[string]string{}
	}
}

func (l *Loader) Unlock() { l.mu.Unlock() }

// ✅ Called under LockWithVersion's lock: the type's protocol.
func (l *Loader) Load(name string) string {
	return l.cache[l.version][name]
}
