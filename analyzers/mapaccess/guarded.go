package mapaccess

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	paths "github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
)

// fieldAccess is an access to a map field of a method's receiver, with
// the receiver's locks held there.
type fieldAccess struct {
	access
	method *ssa.Function
	guards []locks.Held // locks of the same receiver held
	// wrapped is set when a wrapped lock of the receiver is held (a
	// lock-like value that is not a sync mutex): it silences the
	// access's own reports but is no evidence of a guard.
	wrapped bool
	// callers is set when every caller of the method holds a receiver
	// lock around the call (locks.Result.EntryHeld): guarded, but by
	// the callers, who vote where they hold it.
	callers bool
}

// checkGuards infers, for each map field, the receiver mutex that
// guards it (held at its accesses in some methods), and reports
// accesses without it in exported or spawned methods, and writes made
// under the mutex's read side only.
func (c *checker) checkGuards(funcs []*ssa.Function) {
	spawned := c.spawnedMethods(funcs)
	byField := map[string][]fieldAccess{}
	var fields []string
	for _, fn := range funcs {
		if fn.Signature.Recv() == nil || len(fn.Params) == 0 || fn.Synthetic != "" {
			continue
		}
		for _, a := range c.accessesOf(fn) {
			if !locks.OfReceiver(a.mapRef) || a.mapRef.Class == "" || !ownField(a.mapRef.Path) {
				continue
			}
			fa := fieldAccess{access: a, method: fn}
			for _, h := range c.guardsOf(a) {
				switch {
				case !locks.OfReceiver(h.Ref):
				case h.Wrapped:
					fa.wrapped = true
				case h.Entry:
					fa.callers = true
				default:
					fa.guards = append(fa.guards, h)
				}
			}
			if _, ok := byField[a.mapRef.Class]; !ok {
				fields = append(fields, a.mapRef.Class)
			}
			byField[a.mapRef.Class] = append(byField[a.mapRef.Class], fa)
		}
	}
	sort.Strings(fields)
	for _, field := range fields {
		list := byField[field]
		c.checkReadLockedWrites(list)
		c.checkUnguarded(list, spawned)
	}
}

// ownField reports whether a receiver path names a field of the
// receiver's own type (".m"), not one reached through another value
// (".mgr.m"): the guarded-by relation is a type's contract with its own
// methods. A test suite or a wrapper that reaches into another type's
// map is neither evidence of that contract nor, by being lock-free,
// evidence of a race: nothing shows it runs beside the type's methods.
func ownField(path paths.Path) bool { return locks.OwnField(path) }

// checkReadLockedWrites reports writes made holding only the read side
// of the receiver's RWMutex.
//
// A write by a method that only one goroutine runs is exempt when no
// other method touches the field holding the read lock: everyone else
// excludes that goroutine with the write lock, and it does not race
// with itself.
func (c *checker) checkReadLockedWrites(list []fieldAccess) {
	for _, fa := range list {
		if !fa.write || len(fa.guards) == 0 || fa.wrapped || c.model.OneGoroutine(fa.method) != nil && !c.readElsewhere(fa, list) {
			continue
		}
		var read *locks.Held
		write := false
		for i, h := range fa.guards {
			if h.Mode == locks.Write {
				write = true
			} else if read == nil {
				read = &fa.guards[i]
			}
		}
		if write || read == nil {
			continue
		}
		lock := lockName(fa.method, read.Ref)
		report.Report(c.pass, analysis.Diagnostic{
			Pos: fa.instr.Pos(),
			Message: fmt.Sprintf("map %s is written while holding only the read lock of %s: readers run at once, so two of them write the map concurrently, a fatal runtime error; take %s.Lock() for the write",
				fa.mapRef.Name(), lock, lock),
			Related: append([]analysis.RelatedInformation{report.Related(read.Pos, "%s read-locked here", lock)}, fa.calleeRelated(fa.mapRef.Name())...),
		})
	}
}

// readElsewhere reports whether a method other than fa's, on another
// goroutine, touches the field holding only the read side of a
// receiver lock.
func (c *checker) readElsewhere(fa fieldAccess, list []fieldAccess) bool {
	own := c.model.OneGoroutine(fa.method)
	for _, g := range list {
		if g.method == fa.method || own != nil && c.model.OneGoroutine(g.method) == own {
			continue
		}
		write := false
		for _, h := range g.guards {
			write = write || h.Mode == locks.Write
		}
		if len(g.guards) > 0 && !write {
			return true
		}
	}
	return false
}

// checkUnguarded reports accesses in exported or spawned methods that
// hold none of the receiver locks the field's other accesses hold.
//
// The inference asks that methods holding the lock for the field be no
// fewer than methods touching it without (those named "...Locked"
// aside; an access through a call counts where it is made): a field
// most methods read lock-free is not one the type means to guard (a
// registry filled before serving, then read without locks), so it is
// not reported. One report per method and field.
func (c *checker) checkUnguarded(list []fieldAccess, spawned map[*ssa.Function]bool) {
	guarded, unguarded := map[*ssa.Function]bool{}, map[*ssa.Function]bool{}
	for _, fa := range list {
		switch {
		case fa.via != nil:
			// The vote is by the methods that touch the field
			// themselves: a helper's callers would count it again.
		case len(fa.guards) > 0:
			guarded[fa.method] = true
		case !fa.callers && !callerLocks(fa.method) && !teardown(fa.method):
			unguarded[fa.method] = true
		}
	}
	if len(guarded) < len(unguarded) {
		return
	}
	done := map[*ssa.Function]bool{}
	for _, fa := range list {
		// A wrapped lock's access counts as unguarded above, as if
		// its lock were unseen, but is not reported.
		if len(fa.guards) > 0 || fa.wrapped || fa.callers || !entry(fa.method, spawned) || done[fa.method] || c.sharesLock(fa, list) || c.lockingCallee(fa) {
			continue
		}
		guard, ok := guardFor(fa, list)
		if !ok || c.lockHelper(fa.method, guard.guards[0].Ref.Class) {
			continue
		}
		done[fa.method] = true
		lock := lockName(fa.method, guard.guards[0].Ref)
		report.Report(c.pass, analysis.Diagnostic{
			Pos: fa.instr.Pos(),
			Message: fmt.Sprintf("map %s is %s without %s, which guards it in %s: run concurrently with it, this is a concurrent map %s, a fatal runtime error; hold %s here too",
				fa.mapRef.Name(), fa.verb(), lock, locks.ShortFunc(guard.method), raceKind(fa.write, guard.write), lock),
			Related: append([]analysis.RelatedInformation{
				report.Related(guard.instr.Pos(), "%s %s under %s here", guard.mapRef.Name(), guard.verb(), lockName(guard.method, guard.guards[0].Ref)),
			}, fa.calleeRelated(fa.mapRef.Name())...),
		})
	}
}

// lockHelper reports whether method's type has an exported method that
// returns holding a lock of class (syncthing's LockWithVersion: l.mut.Lock()
// and return): the type hands its locking to its callers, who may well
// call the method under that helper's lock (a library calling back
// Load between LockWithVersion and Unlock), out of sight here.
func (c *checker) lockHelper(method *ssa.Function, class string) bool {
	recv := method.Signature.Recv()
	if recv == nil {
		return false
	}
	for _, fl := range c.model.Flows {
		r := fl.Fn.Signature.Recv()
		if r == nil || fl.Summary == nil || !token.IsExported(fl.Fn.Name()) || !types.Identical(r.Type(), recv.Type()) {
			continue
		}
		for _, h := range fl.Summary.Holds {
			if h.Class == class {
				return true
			}
		}
	}
	return false
}

// lockingCallee reports an access through a call that is not reported
// at the call: the callee is exported (an entry of its own, reported or
// exempt there on its own terms), or it takes or releases a lock
// somewhere below. Which locks such a callee holds at the access is
// the least certain part of the model (a lock taken when a flag
// parameter says so, a window between Unlock and Lock, a chain too
// deep for the summaries' bounds): on nats-server 2.15 the 13 reports
// through calls all went through callees that take the lock. A callee
// that takes no lock at all holds none at the access, wherever its
// callers call it from.
func (c *checker) lockingCallee(fa fieldAccess) bool {
	return fa.via != nil && (token.IsExported(fa.via.Callee.Name()) || c.takesLocks(fa.access))
}

// takesLocks reports an access through a call whose callee holds a lock
// at it, or takes or releases one somewhere below.
func (c *checker) takesLocks(a access) bool {
	return a.via != nil && (len(a.via.Held) > 0 || c.model.TouchesLocks(a.via.Callee))
}

// sharesLock reports whether fa holds a package-level mutex that an
// access to the field in another method holds too: the two cannot
// race, and the field's discipline is not the one receiver lock the
// inference would name (kubernetes#1321: a global mutex held by both
// the write and the guarded read). Receiver locks aside, a package
// variable is the only lock two methods name as one instance: another
// parameter's mutex of the receiver's type is a different value.
func (c *checker) sharesLock(fa fieldAccess, list []fieldAccess) bool {
	for _, h := range c.guardsOf(fa.access) {
		if h.Ref.Path.Root.Kind != paths.Global {
			continue
		}
		for _, g := range list {
			if g.method == fa.method {
				continue
			}
			for _, o := range c.guardsOf(g.access) {
				if o.Ref.Key == h.Ref.Key {
					return true
				}
			}
		}
	}
	return false
}

// guardFor finds an access to the same field in another method that
// holds a receiver lock, such that one of the two accesses writes.
func guardFor(fa fieldAccess, list []fieldAccess) (fieldAccess, bool) {
	for _, g := range list {
		if g.method == fa.method || len(g.guards) == 0 {
			continue
		}
		if g.write || fa.write {
			return g, true
		}
	}
	return fieldAccess{}, false
}

// lockName renders a receiver lock in the terms of method's receiver:
// "c.mu".
func lockName(method *ssa.Function, r locks.Ref) string {
	return method.Params[0].Name() + r.Path.DisplaySteps()
}

// entry reports whether callers outside the type reach fn directly:
// it is exported or started as a goroutine, its name does not say that
// its caller holds the lock, and it is not a teardown method.
func entry(fn *ssa.Function, spawned map[*ssa.Function]bool) bool {
	return (token.IsExported(fn.Name()) || spawned[fn]) && !callerLocks(fn) && !teardown(fn)
}

// teardown reports whether fn is named as the end of a value's life
// (Close, Shutdown, Stop, ...). Such methods usually run once the
// value's goroutines have stopped, an order the inference cannot see:
// they are exempt as constructors are, code after the value's sharing
// ends as constructors run before it begins.
func teardown(fn *ssa.Function) bool { return teardownName(fn.Name()) }

// teardownName is teardown for a method or function name.
func teardownName(name string) bool {
	switch name := strings.ToLower(name); {
	case strings.HasPrefix(name, "close"), name == "shutdown", name == "stop",
		name == "release", name == "destroy", name == "dispose":
		return true
	case name == "init", name == "initialize", name == "setup":
		// The other end of the value's life: a two-phase constructor,
		// run before the value is shared (go-ethereum's BlobPool.Init,
		// called by the txpool before its loop starts).
		return true
	}
	return false
}

// callerLocks reports whether the method's name says its caller holds
// the lock ("fooLocked"), the usual Go convention.
func callerLocks(fn *ssa.Function) bool {
	name := strings.ToLower(fn.Name())
	return strings.HasSuffix(name, "locked") || strings.HasSuffix(name, "_l")
}

// spawnedMethods returns the methods the package starts as goroutines
// (go s.loop(), g.Go(s.work)).
func (c *checker) spawnedMethods(funcs []*ssa.Function) map[*ssa.Function]bool {
	out := map[*ssa.Function]bool{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				s, ok := c.spawns.OfInstr(instr)
				if !ok {
					continue
				}
				if body := s.Body(); body != nil {
					if m := boundMethod(body); m != nil {
						out[m] = true
					}
					out[body] = true
				}
			}
		}
	}
	return out
}

// boundMethod returns the method a bound-method wrapper (s.loop used as
// a value) calls.
func boundMethod(fn *ssa.Function) *ssa.Function {
	if fn.Synthetic == "" || len(fn.Blocks) == 0 {
		return nil
	}
	for _, instr := range fn.Blocks[0].Instrs {
		if call, ok := instr.(*ssa.Call); ok {
			if callee := call.Call.StaticCallee(); callee != nil {
				if _, ok := callee.Object().(*types.Func); ok && callee.Signature.Recv() != nil {
					return callee
				}
			}
		}
	}
	return nil
}
