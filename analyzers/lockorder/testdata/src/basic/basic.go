package basic

import (
	"sort"
	"sync"
)

type Account struct {
	ID      int
	mu      sync.Mutex
	balance int
}

// ❌ The seed's transfer: two Accounts locked in argument order.
func transferUnordered(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `to.mu is locked while from.mu is held, and both are \(basic.Account\).mu: nothing decides their order`
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

// ✅ The seed's transfer: consistent order by ID.
func transferOrdered(from, to *Account, amount int) {
	first, second := from, to
	if from.ID > to.ID {
		first, second = to, from
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

// ✅ An explicit if/else on the two decides the order.
func transferBranches(a, b *Account) {
	if a.ID < b.ID {
		a.mu.Lock()
		b.mu.Lock()
	} else {
		b.mu.Lock()
		a.mu.Lock()
	}
	a.mu.Unlock()
	b.mu.Unlock()
}

// ✅ Elements of a sorted slice.
func lockSorted(accts []*Account) {
	sort.Slice(accts, func(i, j int) bool { return accts[i].ID < accts[j].ID })
	first, second := accts[0], accts[1]
	first.mu.Lock()
	second.mu.Lock()
	second.mu.Unlock()
	first.mu.Unlock()
}

// ✅ Locks taken one after another, not nested.
func sequential(a, b *Account) {
	a.mu.Lock()
	a.balance++
	a.mu.Unlock()
	b.mu.Lock()
	b.balance++
	b.mu.Unlock()
}

type Node struct {
	mu     sync.Mutex
	parent *Node
}

// ✅ A child then its parent: one is reached from the other.
func (n *Node) lockUp() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if p := n.parent; p != nil {
		p.mu.Lock()
		p.mu.Unlock()
	}
}

type Cache struct {
	mu   sync.RWMutex
	data map[string]int
}

// ✅ The seed's RWMutex cache.
func (c *Cache) Get(k string) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.data[k]
	return v, ok
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
}

// ❌ Lock after RLock: an RWMutex cannot be upgraded.
func (c *Cache) upgrade(k string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := c.data[k]; !ok {
		c.mu.Lock() // want `self-deadlock: c.mu is write-locked while this goroutine holds its read lock; an RWMutex cannot be upgraded`
		c.data[k] = 0
		c.mu.Unlock()
	}
}

// ❌ Recursive read locking, through a method call.
func (c *Cache) GetTwo(a, b string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	x, _ := c.Get(a) // want `recursive read lock: c.mu is read-locked again while this goroutine holds its read lock; a writer waiting between the two RLocks deadlocks both \(via \(\*basic.Cache\).Get, which locks it at basic.go:\d+\)`
	return x
}

// ❌ Lock after Lock through a method: Set locks c.mu again.
func (c *Cache) SetTwice(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Set(k, v) // want `self-deadlock: c.mu is locked again while this goroutine holds it; sync mutexes are not reentrant \(via \(\*basic.Cache\).Set`
}

var global sync.Mutex

// ❌ Lock after Lock on a package variable.
func doubleGlobal() {
	global.Lock()
	global.Lock() // want `self-deadlock: global is locked again`
	global.Unlock()
	global.Unlock()
}

// ✅ Released before the call.
func (c *Cache) releasedFirst(k string, v int) {
	c.mu.Lock()
	c.data[k] = v
	c.mu.Unlock()
	c.Set(k, v)
}

// ✅ Held on one path only: not a self-deadlock on every path.
func (c *Cache) maybeLocked(cond bool, k string) {
	if cond {
		c.mu.Lock()
	}
	c.Set(k, 1)
	if cond {
		c.mu.Unlock()
	}
}

// ✅ The goroutine does not hold its spawner's locks.
func (c *Cache) inGoroutine(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	go func() {
		c.Set(k, 1)
	}()
	go c.Set(k, 2)
}

// ✅ TryLock does not block.
func (c *Cache) try(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mu.TryLock() {
		c.mu.Unlock()
	}
}

// ✅ TryLock holds only on success; unlocking there is not a leak.
func (c *Cache) tryThenWork() bool {
	if !c.mu.TryLock() {
		return false
	}
	defer c.mu.Unlock()
	c.data["x"] = 1
	return true
}

// ❌ An early return leaks the lock.
func (c *Cache) leak(k string) error {
	c.mu.Lock()
	if k == "" {
		return nil // want `c.mu is still locked at this return, but released on other paths`
	}
	c.data[k] = 1
	c.mu.Unlock()
	return nil
}

// ❌ An error path forgets RUnlock.
func (c *Cache) leakRead(k string) (int, bool) {
	c.mu.RLock()
	v, ok := c.data[k]
	if !ok {
		return 0, false // want `c.mu is still locked at this return`
	}
	c.mu.RUnlock()
	return v, true
}

// ✅ A lock helper returns holding the lock on every path.
func (c *Cache) lock() {
	c.mu.Lock()
}

func (c *Cache) unlock() {
	c.mu.Unlock()
}

// ✅ A conditional lock helper says through its result whether it holds.
func (c *Cache) lockIfPresent(k string) bool {
	c.mu.Lock()
	if _, ok := c.data[k]; !ok {
		c.mu.Unlock()
		return false
	}
	return true
}

// ✅ Helpers pair up: no leak, no double lock.
func (c *Cache) viaHelpers() {
	c.lock()
	defer c.unlock()
	c.data["y"] = 2
}

// ❌ A lock helper's lock counts as held.
func (c *Cache) helperThenLock() {
	c.lock()
	c.mu.Lock() // want `self-deadlock: c.mu is locked again`
	c.mu.Unlock()
	c.unlock()
}

// ✅ Defer-released locks: every return releases.
func (c *Cache) deferred(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k == "" {
		return 0
	}
	return c.data[k]
}

// ✅ A deferred closure releases too.
func (c *Cache) deferredClosure(k string) int {
	c.mu.Lock()
	defer func() { c.mu.Unlock() }()
	if k == "" {
		return 0
	}
	return c.data[k]
}

type Outer struct {
	sync.Mutex
	inner struct {
		mu sync.Mutex
	}
}

// ❌ An embedded mutex and a nested field.
func (o *Outer) embedded() {
	o.Lock()
	o.Lock() // want `self-deadlock: o is locked again`
	o.Unlock()
	o.Unlock()
}

// ✅ A locker interface over the same mutex: known concrete type.
func lockerPair(mu *sync.Mutex) {
	var l sync.Locker = mu
	l.Lock()
	l.Unlock()
	mu.Lock()
	mu.Unlock()
}

// ❌ A sync.Locker over a known mutex is that mutex.
func lockerTwice(mu *sync.Mutex) {
	var l sync.Locker = mu
	l.Lock()
	mu.Lock() // want `self-deadlock: mu is locked again`
	mu.Unlock()
	l.Unlock()
}

// ❌ A closure locking a captured mutex, called while it is held.
func capturedClosure() {
	var mu sync.Mutex
	inc := func() {
		mu.Lock()
		mu.Unlock()
	}
	mu.Lock()
	inc() // want `self-deadlock: mu is locked again .*via basic.capturedClosure\$1`
	mu.Unlock()
}

// ✅ The same closure started as a goroutine holds nothing of ours.
func capturedGoroutine() {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Lock()
		mu.Unlock()
	}()
	mu.Unlock()
}

// ✅ The first element, then the others in slice order.
func lockInSliceOrder(accts []*Account) {
	first := accts[0]
	first.mu.Lock()
	defer first.mu.Unlock()
	for i := 1; i < len(accts); i++ {
		other := accts[i]
		other.mu.Lock()
		other.mu.Unlock()
	}
}

type holder struct{ accts []*Account }

func unwrap(a *Account) *Account { return a }

// ✅ The same through a field and a wrapper call.
func (h *holder) lockInFieldOrder() {
	first := unwrap(h.accts[0])
	first.mu.Lock()
	for _, a := range h.accts[1:] {
		a.mu.Lock()
		a.mu.Unlock()
	}
	first.mu.Unlock()
}

type Block struct {
	mu   sync.Mutex
	msgs int
}

// generate locks only when its caller does not hold the lock.
func (b *Block) generate(hasLock bool) {
	if !hasLock {
		b.mu.Lock()
		defer b.mu.Unlock()
	}
	b.msgs++
}

// ✅ The caller says it holds the lock.
func (b *Block) reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.generate(true)
}

// ❌ The caller holds the lock but says it does not.
func (b *Block) resetWrong() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.generate(false) // want `self-deadlock: b.mu is locked again .*via \(\*basic.Block\).generate`
}

// flush is called with b.mu held; it lets go of it for a moment.
func (b *Block) flush() {
	b.mu.Unlock()
	b.msgs = 0
	b.mu.Lock()
}

// ✅ Releasing and re-taking the caller's lock is not a second lock.
func (b *Block) flushAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flush()
}

// ✅ A return under if false never runs.
func deadReturn(mu *sync.Mutex) {
	mu.Lock()
	if false {
		return
	}
	mu.Unlock()
}

// ✅ Unlock, work, Lock again under a deferred Unlock.
func (b *Block) relock() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.mu.Unlock()
	b.msgs++
	b.mu.Lock()
	if b.msgs > 3 {
		return
	}
	b.msgs--
}

// ✅ The same element locked and unlocked through two evaluations.
func lockFirstTwice(accts []*Account) {
	accts[0].mu.Lock()
	accts[0].balance++
	accts[0].mu.Unlock()
	lockSorted(accts)
}

// ✅ Early returns before the lock is taken are not releases: this is
// a lock helper whose error returns never locked.
func (c *Cache) getLocked(k string) (map[string]int, error) {
	if k == "" {
		return nil, errEmpty
	}
	c.mu.RLock()
	return c.data, nil
}

var errEmpty error

func open() *Account { return new(Account) }

// ✅ Two instances made here, one after the other: no caller can swap them.
func reopen() {
	a := open()
	a.mu.Lock()
	a = open()
	a.mu.Lock()
	a.mu.Unlock()
}

// Two local mutexes a goroutine shares with its spawner: messages name
// a local's class by the variable's name.
func localMutexes() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		a.Lock()
		b.Lock() // want `lock order inversion: a then b here in basic.localMutexes\$1, but b then a at basic.go:\d+ in basic.localMutexes; goroutines taking both paths at once deadlock`
		b.Unlock()
		a.Unlock()
		done <- true
	}()
	b.Lock()
	a.Lock()
	a.Unlock()
	b.Unlock()
	<-done
}
