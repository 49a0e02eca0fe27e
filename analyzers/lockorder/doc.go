// Package lockorder defines an Analyzer that reports lock-order
// inversions, unordered locking of two instances of one mutex,
// self-deadlocks, locks leaked on some return paths, and deadlocks
// between a lock and a channel, a WaitGroup or a Cond.
//
// # Analyzer lockorder
//
// lockorder: report lock-order inversions, self-deadlocks, leaked locks and lock-channel deadlocks
//
// Deadlocks from locks are the largest class of blocking bugs in Go
// programs, and the race detector cannot see them. lockorder follows
// sync.Mutex and sync.RWMutex values (package variables, struct fields
// reached through any chain of fields and pointers, locals and captured
// variables, sync.Locker values whose concrete mutex is known, an
// RWMutex's RLocker, whose Lock is an RLock, and the L of a sync.Cond
// made on a mutex, in the function or kept in a field of the object
// whose mutex it is, and a mutex kept in a slice, array, map or
// sync.Map: shards[i] of a []*sync.Mutex or s.locks[k] of a
// map[K]*sync.Mutex, also when made on first use or returned by a
// getter, is one instance of the class of its collection, named
// shards[] in messages, so two elements of one collection are two
// instances)
// through every function, and through calls into other functions and
// packages via summaries exported as facts. A lock counts as held at a
// point only when it is held on every path to it; a deferred Unlock
// releases at return; a call deferred on every path runs at return
// under the locks still held then (those whose deferred Unlock comes
// later in the code are, as deferred calls run last first), so its locks
// are ordered after them (f.mu.Lock(); defer f.mu.Unlock(); defer
// h.close()); TryLock holds only where it succeeded; a function
// started with go runs on its own goroutine and holds nothing of its
// spawner's, and a lock it releases is handed off to it: the spawner
// holds it no longer. A range-over-func loop's body and closures kept
// in variables are followed like calls, and so are function values
// stored in struct fields (every value the package stores there,
// closures and method values, and what it passes to a setter of the
// field), an interface method whose only implementation in the code
// seen is declared in the interface's own package, and the String,
// Error or Format method fmt and log call on a value they format with
// %v, %s, %q, %x or %X (Errorf's %w, every operand of Print and
// Println). A function that calls a function it is given (not on a new
// goroutine) runs it under the locks it holds there: a caller passing
// a closure or a method value sees that function's locks nested under
// them (c.locked(func() { i.mu.Lock() })). An interface with several
// implementations, or declared in
// another package than its implementation, is not followed: callers may
// pass any of them, and an edge through one that is never the dynamic
// type would close cycles that cannot happen. A lock a callee takes
// only where an if or a switch lets it (an error path, an option) is a
// may-acquire (a nil check of the function value called, as in
// if h.AddFunc != nil { h.AddFunc() }, does not count: the callee runs
// whenever it is stored): it still orders locks and still self-deadlocks against
// a caller holding it, but a cycle rests on one such edge at most, since
// two conditional paths deep in callees rarely run together, and never
// on one more than two calls deep (error and cleanup paths that let go
// of the caller's lock first). A callee that lets go of its caller's
// lock on every path before it takes another (to keep the documented
// order: unlock, lock the other, lock again) does not nest the second
// under the first. A lock taken only under a bool parameter
// (if !hasLock { mu.Lock() }), or in a closure under a parameter it
// captures and nothing assigns again, follows each caller's argument:
// a call passing false does not take it. A lock
// taken in a loop body counts as taken. A lock inside an object the
// function has just allocated orders nothing until the object is
// published (stored where others can reach it, passed to a call that
// may keep it, captured by a goroutine, returned): no other goroutine
// can hold it or wait for it before. The same holds for an unexported
// function's parameter when every call passes an object the caller
// has not published yet.
//
// It reports five things.
//
// Lock-order inversion: mutex A is acquired while B is held on one
// path, and B while A is held on another, possibly in other functions
// or packages, or through a longer cycle. Two goroutines taking the two
// paths at once deadlock. The report is at one of the two acquisitions
// and names the other:
//
//	func (r *Registry) Add(it *Item) {
//		r.mu.Lock()
//		defer r.mu.Unlock()
//		it.mu.Lock() // Registry.mu then Item.mu
//		r.items[it] = true
//		it.mu.Unlock()
//	}
//
//	func (it *Item) Remove() {
//		it.mu.Lock()
//		defer it.mu.Unlock()
//		it.reg.forget(it) // Item.mu then Registry.mu (forget locks r.mu)
//	}
//
// Fix it by choosing one order and keeping to it, or by releasing one
// lock before taking the other.
//
// A cycle is not reported when every edge of it is taken while one
// common lock of another class is held for writing (taken before the
// edge's first lock and kept past its second, also by the caller of a
// closure used only as a callback, such as the function given to
// sync.Map.Range under a lock, or by every caller of an unexported
// function called only directly in the package, or by the caller of a
// function that releases that lock on every path without taking it, as
// an Unlock method does), or inside a function run only through
// one sync.Once's Do: one goroutine at a time runs those sections. Nor when every edge is formed on one run loop: a
// method started by a go statement once per object the starting code
// just made (`c := &Conn{...}; go c.run()` in a constructor), and the
// unexported methods reached from it only (no exported entry, no use
// as a value, no other go statement), on locks of that object or of
// objects found through its fields: one goroutine forms the edges one
// after the other (a package variable's table of functions that is only
// indexed and called, handlers[t](s, h), calls them from there). Nor
// when one edge is formed only inside a run loop's body that closes a
// channel of its object as it returns (its first defer:
// defer close(s.recvDone)), and the other by a method of that object
// after it received from the channel and before it took its first lock
// (<-s.recvDone, then s.mu.Lock()): the body had returned by then. A
// cycle through a lock that one goroutine holds for
// reading while the next waits for it for reading blocks only behind a
// writer queued on that lock: it is reported only when the code seen
// write-locks that class, and the message names the writer ("with a
// writer waiting on ..."). In a test, the writer must run on a
// goroutine that test starts (directly or through calls): a writer the
// test calls on its own goroutine runs before or after its reads, not
// between them. A report in production code rests on
// production edges only; an order seen only in a _test.go file can
// close a cycle for a report in a test file, and does so with orders of
// production code only when the test starts, from test code, the
// goroutines that take them, each edge on a goroutine of its own: a
// test inspecting a server's state under its locks meets the server's
// own goroutines only by timing the test decides; a goroutine the test
// starts once forms its orders one after the other; and a test's own
// calls and cleanups run before or after its section, also in a
// parallel subtest whose other runs lock objects they made themselves.
// Cycles that share an edge
// of the package are reported once, at that edge, naming every cycle
// it closes: one wrong order is one mistake.
//
// A cycle is not reported either when two of its edges meet on
// objects of kinds that never coincide: a type whose unexported integer
// or string field is set only where an object is made, to a constant
// (a connection's kind: client, route, gateway, leaf), gives each
// object one kind for life. Production code tells an edge its objects'
// kinds: where they were made, a comparison of that field deciding the
// path, every caller of an unexported function (each call looked at
// with its own arguments), every value stored into the unexported map
// field they were read from. An order taken on gateway connections and
// the reverse order on a leaf connection close no cycle.
//
// Two instances of one mutex without an order: from.mu then to.mu,
// where both are the same field of the same type and nothing decides
// which comes first. transfer(a, b) and transfer(b, a) running at once
// deadlock. It is not reported when a comparison dominating the second
// Lock decides the order (the "lock the lower ID first" idiom), when
// both come from one sorted slice, when one is reached from the other
// (a parent and its child), when one comes from the caller and the
// other is an element of a collection the function never compares it
// with (were the caller's one among them, the loop would lock it twice:
// the two are different kinds of object, as a leaf connection and the
// gateway connections it walks), when a lock of another class is held
// for writing around both (a swapped call waits for it first), or when
// the second is taken by a callee on some of its paths only (as for
// lock-order edges, too weak a witness).
//
// Reported (❌): the seed's transfer locks two Accounts in argument
// order:
//
//	func transfer(from, to *Account, amount int) {
//		from.mu.Lock()
//		defer from.mu.Unlock()
//		to.mu.Lock() // reported: nothing decides the order of from.mu and to.mu
//		defer to.mu.Unlock()
//		from.balance -= amount
//		to.balance += amount
//	}
//
// Not reported (✅): lock the account with the lower ID first, whatever
// the argument order:
//
//	func transfer(from, to *Account, amount int) {
//		first, second := from, to
//		if from.ID > to.ID {
//			first, second = to, from
//		}
//		first.mu.Lock()
//		defer first.mu.Unlock()
//		second.mu.Lock()
//		defer second.mu.Unlock()
//		from.balance -= amount
//		to.balance += amount
//	}
//
// Self-deadlock: locking a mutex that the same goroutine already holds
// on every path to that point, or that a path round a loop brings back
// still held (a continue or break, labelled too, that skips the Unlock
// before the next iteration's Lock), directly or through a chain of calls:
// Lock after Lock (sync.Mutex is not reentrant), Lock after RLock (an
// RWMutex cannot be upgraded), and RLock after RLock (a recursive read
// lock deadlocks as soon as a writer waits between the two RLocks; the
// sync documentation forbids it; reported when the code seen
// write-locks that mutex somewhere, and in a test on a goroutine the
// test starts). Not under a branch taken only when a field is nil
// (if c.cur == nil) that is never nil: a field of an unexported type
// that every maker of the type sets before handing the object out, to
// a value that is not nil (something just made, or a pointer asserted
// from an interface), and that nothing sets to anything else.
//
// Lock leak: a function that releases a lock on some paths to a return
// but not on another, such as an early return between Lock and Unlock,
// also when a lock helper (one or more calls away) took it, and a
// path that skips the Unlock (a break out of the loop, a branch without
// it) and joins the releasing paths at one shared return. A path is
// followed only as far as its branches can go together: a flag that
// records the holding (locked := true) and a condition tested before
// the Lock and again before the Unlock decide the branches that test
// them again.
// A function that returns holding the lock on every path is a lock
// helper and is summarised, not reported, unless it unlocks that lock
// itself on the way round a loop and nothing in the package could
// release it after the return (the mutex is an unexported field or
// variable, and no code unlocks it except where it was locked). One
// that reports through its result whether it still holds the lock
// (returns true or nil error exactly when it does) is a conditional
// lock helper and is not reported either, unless a call in the package
// drops that result: that caller cannot know it holds the lock.
// A lock handed on by design is not leaked either: a return whose
// result is the mutex itself (&c.mu, as a *sync.Mutex or a sync.Locker)
// or an object whose type has a method that releases that lock from its
// receiver (a transaction whose Commit unlocks tx.db.writer) hands it to
// the caller; a lock that another goroutine unlocks (the function that
// started this one, or a goroutine this one starts) is that goroutine's
// to release, also on a loop's next pass. A nil result on the holding
// path carries nothing: that missing Unlock is reported.
//
// Lock and channel: an operation that blocks while a lock is held
// (a send, a receive, a range over a channel, WaitGroup.Wait,
// Cond.Wait on a Cond whose L is another mutex), itself or in a callee,
// when its partner (the receiver or closer of the channel for a send,
// the sender or closer for a receive, the Done caller for a Wait, the
// Signal or Broadcast caller for a Cond.Wait) takes that lock, itself
// or in a callee, on some path before it reaches its side (in an
// earlier iteration of a loop too). The blocked goroutine waits for the
// partner, the partner for the lock:
//
//	func (s *Status) Set(v int) {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		s.ch <- v // reported: loop locks s.mu between receives
//	}
//
//	func (s *Status) loop() {
//		for v := range s.ch {
//			s.mu.Lock()
//			s.last = v
//			s.mu.Unlock()
//		}
//	}
//
// Partners are matched by the channel's, group's or Cond's field or
// variable, within the package, and followed up to four calls on
// either side; a channel parameter stands for what its function's
// callers pass (a field, or a getter's result). Not
// reported: a lock released before the operation (also by the callee
// that makes it, around it); a buffered channel, or one the package
// does not make (a buffered channel blocks only when full or empty,
// which the model does not count: a semaphore's receive waits for a
// token, not for a sender); a select with a default case, or with a
// case whose partners do not all need the lock (a done channel closed
// without it, ctx.Done()); a partner that does not need the lock, or
// takes it only before it starts the blocked goroutine; a partner that
// takes the lock of an object it made itself, before the object can
// have reached the blocked code (a constructor, before it returns the
// object: only the package code it calls or starts has it then, and
// none of that runs the blocked function); a Done caller that takes the
// lock before it adds its own count (itself or in a helper: the Wait
// does not count it yet); Cond.Wait on the Cond's own L (also when the
// mutex given to sync.NewCond is the one stored in the field held), or
// on a Cond whose L is not known. Read locks on
// both sides count only when the code seen write-locks that class (a
// writer queued between them blocks the second; the message says so).
// A test's operation is paired only with a partner in test code that
// one Test function runs too, one of the two on a goroutine it starts
// or in a literal it passes on (tests run one after another, and what
// a test calls in turn runs in turn); production code only with
// production code.
//
// Each report names both sides: the other acquisition, the call chain
// that reaches it, and where it is (for a lock and a channel: where the
// lock is held, the blocking operation, where the partner takes the
// lock, and the partner's operation).
//
// Not reported: locks taken one after another without nesting, locks
// taken in a new goroutine, TryLock, a lock released before the call,
// and mutexes of the standard library's own internals.
//
// Flags: none besides -lockorder=false, which turns the analyzer off
// (under go vet it goes after -vettool, like every analyzer flag).
//
// To silence a report you judge wrong, put
//
//	//concurlint:ignore lockorder <why the report is wrong>
//
// on its line or on the line above. The reason is required, and a
// directive that silences nothing is itself reported.
package lockorder
