// Package mapaccess defines an Analyzer that reports maps read and
// written by several goroutines without a common lock.
//
// # Analyzer mapaccess
//
// mapaccess: report maps shared between goroutines without a lock
//
// A Go map is not safe for concurrent use: a write concurrent with any
// other access is a data race, and the runtime usually detects it and
// stops the program with "fatal error: concurrent map writes" (or "map
// read and map write"), which no recover can catch. The race detector
// sees it only when a test happens to run the two accesses together.
//
// mapaccess reports four shapes.
//
// A map reachable from two bodies that run at once, where at least one
// access writes (an assignment, delete, clear, m[k]++) and the two hold
// no common lock. Concurrent bodies are a function started with go (or
// as an errgroup task, a WaitGroup.Go task, a parallel subtest, a
// time.AfterFunc callback, or through a spawner, named or found) and the rest of its spawner after the spawn, two
// such bodies, or one body started in a loop and its other instances.
//
// Reported (❌): the goroutine and its spawner both write m:
//
//	m := make(map[string]int)
//	go func() { m["a"] = 1 }() // reported
//	m["b"] = 2
//
// Not reported (✅): every access holds the same mutex (or use
// sync.Map):
//
//	var mu sync.Mutex
//	m := make(map[string]int)
//	go func() {
//		mu.Lock()
//		m["a"] = 1
//		mu.Unlock()
//	}()
//	mu.Lock()
//	m["b"] = 2
//	mu.Unlock()
//
// Accesses ordered by a happens-before edge are not concurrent: those
// before the spawn, and those after the spawner waits for the body
// (wg.Wait or g.Wait for a body that calls Done or was started by the
// group, or a receive from a channel the body sends on or closes after
// its accesses, or with no access able to follow: wg.Done(); return in
// the exit case of a select loop; or the end of a loop that receives
// once from each instance started by an earlier loop over the same
// count, each sending once). A helper that waits for the body and
// then signals relays the wait: after go func() { wg.Wait(); close(done) }(),
// a receive from done waits for the body too.
//
// An access made inside a function the code calls counts at the call:
// a helper, a method, a function called through sync.Once.Do, a
// function value handed to a helper that calls it (retry(func() {...}),
// wait.Until(s.refresh, stop); under the locks the helper holds around
// the call, and not when the helper only stores it; a go statement's
// function, go wait.Until(s.refresh, stop), runs them on the new
// goroutine), a method called through an interface whose
// implementations are all declared in the package (each one's accesses
// as ones that may happen, those that fit the concrete type the value
// holds where it is known), one or more calls deep and in other packages too, on a map the caller passes
// or can name (a field of the receiver, a captured or package
// variable), on any of the callee's paths, with the locks the callee
// holds there. This holds for the goroutine's body, its spawner and the
// guarded-by inference below, which reports an access through a call
// only when the callee (at any depth) takes no lock at all: where a
// callee takes locks, which it holds at the access is the model's
// least certain answer (a lock taken when a flag parameter says so, a
// window between Unlock and Lock).
//
// The locks held around an access include those every caller of its
// function holds around the call, when all its callers are known: an
// unexported function or method called only directly in the package
// (not used as a value, started as a goroutine or callback, deferred,
// or run through an interface), as a helper documented "Lock should be
// held" is. A goroutine or callback body starts with none.
//
// A lock is common to two accesses when it has the same declaration,
// or is the same instance in the spawner's terms: a *sync.Mutex passed
// to the goroutine's function is the mutex the spawner locks.
//
// Locks and WaitGroups a project hands out through its own types are
// recognised by their method sets: a value whose type has Lock() and
// Unlock() (RLock() and RUnlock() too for the read side) counts as a
// held lock, and one with Add(int), Done() and Wait() as a WaitGroup,
// as syncthing's lib/sync interfaces wrap sync's types. Such a lock
// silences reports, but the guarded-by inference below learns no guard
// from it: it may be no mutex at all (a file lock, a no-op).
//
// A map field guarded inconsistently: when methods of a type access its
// map field while holding one of the type's mutexes, an exported method
// that accesses the field without that mutex is reported, naming the
// mutex and where it guards the field (guarded-by inference, as in
// Infer's RacerD or gVisor's checklocks, without annotations).
// Functions that are not methods, such as constructors, are exempt, and
// so are teardown methods (Close, Shutdown, Stop, ...), which usually
// run after the value's goroutines have stopped, and two-phase
// constructors (Init, Initialize, Setup), which run before they start. A field that more
// methods touch without the lock than with it is taken as not guarded,
// and an access holding a package-level mutex that an access of the
// field in another method also holds is not reported:
// the two cannot race, and the field's discipline is not the one
// receiver mutex. Nor is a type that hands its locking to its callers
// (an exported method returns holding the mutex): its other methods may
// run under that lock, taken out of sight.
//
// A write to a map field made while holding only the read side of the
// type's sync.RWMutex: readers run at once, so two writers can too.
// Not when the writing method is run by one goroutine only (unexported,
// started once outside a loop, not otherwise referenced) and no other
// method touches the field under the read lock.
//
// A refresher: a constructor or method starts a goroutine running a
// method of its object (go c.refresh()) and returns without waiting for
// it, and the goroutine writes one of the object's maps in a loop,
// itself or in a callee, holding no lock. An exported method of the
// type that reads or writes that map, with no lock in common, is
// reported: callers may run it at any time after the constructor
// returns. Teardown methods are exempt, as above; a goroutine that
// writes under a lock is left to the guarded-by inference.
//
// The same goroutine started behind calls: a function that starts a
// goroutine (itself, or in a function it calls, in the same package)
// and returns without waiting for it leaves it running in its caller,
// on the maps it reaches through the call's arguments or its result.
// The caller's accesses after the call, up to a wait (a Wait, a
// receive, a select) or a teardown call, race with the goroutine's
// when one writes. Only a goroutine access made before any wait counts,
// and one under a lock only in a caller whose locks are all in sight (a
// function literal only a go statement runs), made there directly or
// through calls that take no lock: an ordinary function's callers may
// hold that lock out of sight, so there it is the guarded-by
// inference's, and a test touches internals bare on purpose.
//
//	func (q *Queue) run() { go until(q.flush, q.stop) } // flush deletes from q.items
//	func NewQueue() *Queue { q := &Queue{...}; q.run(); return q }
//	q := NewQueue()
//	_ = q.items["a"] // reported
//
// Reported (❌):
//
//	func NewCache() *Cache {
//		c := &Cache{m: map[string]int{}}
//		go c.refresh() // for range time.Tick(d) { c.m[k] = v }
//		return c
//	}
//	func (c *Cache) Get(k string) int { return c.m[k] } // reported
//
// Not reported: sync.Map; maps created inside the goroutine; elements
// of a slice or array of maps each goroutine picks by its own index
// (shards[i], i its parameter or its own loop variable); maps only
// read by everyone; accesses ordered by the waits above; the
// RWMutex-guarded cache (reads under RLock, writes under Lock).
//
// Fix a report by guarding every access with the same mutex, by using
// sync.Map, or by giving the map a single owner goroutine and passing
// values to it over a channel.
//
// Flags:
//
//	-mapaccess.spawners=pkgpath.Func,(*pkgpath.T).Method
//
// names functions that run a function argument on a new goroutine;
// function literals passed to them are treated like go statements. All
// analyzers' -spawners flags add to one list, so naming a spawner on
// any of them serves the whole suite, as does the top-level -spawners
// (docs/config.md). A function that starts the goroutine itself (a
// pool's Submit) is a spawner without naming: it is found from its body,
// in its package and in every package that imports it. -mapaccess=false
// turns the analyzer off. Standalone, flags go before the packages; under go vet,
// after -vettool:
//
//	concurlint -mapaccess.spawners=example.com/sup.Go ./...
//	go vet -vettool="$(command -v concurlint || echo concurlint-not-on-PATH)" -mapaccess.spawners=example.com/sup.Go ./...
//
// To silence a report you judge wrong, put
//
//	//concurlint:ignore mapaccess <why the report is wrong>
//
// on its line or on the line above. The reason is required, and a
// directive that silences nothing is itself reported.
package mapaccess
