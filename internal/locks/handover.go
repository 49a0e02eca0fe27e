package locks

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/spawn"
)

// Locks released elsewhere by design. A function may keep a lock past
// its return, or past a loop's back edge, on purpose, when the code
// that releases it is elsewhere and the hand-over is in the code:
//
//   - the return hands it to the caller: a result is the mutex itself
//     (kafka-go's waitResponse returns &c.rlock, held, "to yield
//     ownership to the caller"), or an object whose type has a method
//     that releases the lock's class from its receiver (bbolt's
//     beginRWTx returns the *Tx whose close unlocks tx.db.rwlock);
//   - another goroutine releases it: one the function starts, or the
//     one that started the function (the stdlib's TestRLocker: the
//     goroutine locks, the test unlocks after a channel handshake).
//
// Such a lock is neither leaked at the return nor still held on the
// loop's next pass.

// maxCarrierValues bounds the values HandsOver follows through phis.
const maxCarrierValues = 64

// HandsOver reports whether return ret hands the lock h, held there, to
// the caller: a result (through phis and interface conversions) is the
// mutex's address, or an object whose type's own methods release h's
// class, in h's mode, from their receiver (see releasedByMethod). A nil
// or constant result carries nothing: the classic missing Unlock on an
// error path (return nil, err) is no hand-over.
func (ff *FuncFlow) HandsOver(ret *ssa.Return, h Held) bool {
	if ff.flow == nil || ret == nil || h.Ref.Key == "" {
		return false
	}
	seen := map[ssa.Value]bool{}
	for _, v := range ret.Results {
		if ff.carries(v, h, seen) {
			return true
		}
	}
	return false
}

func (ff *FuncFlow) carries(v ssa.Value, h Held, seen map[ssa.Value]bool) bool {
	if v == nil || seen[v] || len(seen) > maxCarrierValues {
		return false
	}
	seen[v] = true
	switch x := v.(type) {
	case *ssa.Const:
		return false
	case *ssa.Phi:
		for _, e := range x.Edges {
			if ff.carries(e, h, seen) {
				return true
			}
		}
		return false
	case *ssa.MakeInterface:
		return ff.carries(x.X, h, seen)
	case *ssa.ChangeType:
		return ff.carries(x.X, h, seen)
	}
	if ref, ok := RefOf(ff.flow.fset, v); ok && ref.Key == h.Ref.Key {
		return true
	}
	return h.Ref.Class != "" && ff.releasedByMethod(v.Type(), h)
}

// releasedByMethod reports whether a method declared on t's named type
// (through one pointer) releases a lock of h's class in h's mode below
// its receiver (tx.db.rwlock.Unlock() in (*Tx).close): a value of the
// type owns such a lock, and its method lets it go.
func (ff *FuncFlow) releasedByMethod(t types.Type, h Held) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	named, ok := t.(*types.Named)
	if !ok || named.TypeParams().Len() > 0 || named.TypeArgs().Len() > 0 {
		return false
	}
	if _, ok := named.Underlying().(*types.Interface); ok {
		return false
	}
	prog := ff.Fn.Prog
	for i := 0; i < named.NumMethods(); i++ {
		fn := prog.FuncValue(named.Method(i))
		if fn == nil {
			continue
		}
		sum := ff.flow.lookup(fn)
		if sum == nil {
			continue
		}
		for _, e := range sum.Releases {
			if e.Class == h.Ref.Class && e.Mode == h.Mode && e.Path.Root.Kind == access.Param && e.Path.Root.Index == 0 {
				return true
			}
		}
	}
	return false
}

// HandedOff reports whether a goroutine running beside fl's function
// may release the lock h that the function holds: a goroutine the
// function starts that releases the instance, or the function that
// starts this one (a go statement, a WaitGroup or errgroup task)
// unlocking the same instance where it does not hold it itself. The
// lock is then the other goroutine's to release, after whatever
// handshake they make: holding it on the next pass of a loop, or at a
// return, is the design.
func (r *Result) HandedOff(fl *FuncFlow, h Held) bool {
	if fl.flow == nil || h.Ref.Key == "" {
		return false
	}
	return r.startsReleaser(fl, h) || r.spawnerReleases(fl, h)
}

// startsReleaser reports whether fl's function starts a goroutine that
// releases h's instance (mapped through the spawn's arguments and the
// closure's bindings): its summary releases it, or it unlocks it where
// it does not hold it itself, letting go of fl's lock and maybe taking
// it again, which the summary of its returns does not show:
//
//	h.Lock()
//	go func() { for { ...; h.Unlock(); h.Lock(); ... } }()
//	for ... { h.Lock(); ...; h.Unlock() }
func (r *Result) startsReleaser(fl *FuncFlow, h Held) bool {
	for _, b := range fl.Fn.Blocks {
		for _, instr := range b.Instrs {
			sp, ok := spawn.OfInstr(instr)
			if !ok || !sp.Kind.Concurrent() {
				continue
			}
			if fl.summaryReleases(sp, h) || r.unlocksUnheldIn(fl, sp, h) {
				return true
			}
		}
	}
	return false
}

// summaryReleases reports whether a function sp runs releases h's
// instance at its returns.
func (ff *FuncFlow) summaryReleases(sp spawn.Spawn, h Held) bool {
	call := &ssa.CallCommon{Value: sp.Fn, Args: sp.Args}
	for _, c := range ff.flow.calls.Callees(ff.Fn, call) {
		sum := ff.flow.lookup(c.Fn)
		if sum == nil {
			continue
		}
		for _, e := range sum.Releases {
			if ref, ok := ff.flow.mapEffect(e, c.Args, c.Bindings); ok && ref.Key == h.Ref.Key && e.Mode == h.Mode {
				return true
			}
		}
	}
	return false
}

// unlocksUnheldIn reports whether sp's body, started by fl's function,
// unlocks h's instance where it does not hold it.
func (r *Result) unlocksUnheldIn(fl *FuncFlow, sp spawn.Spawn, h Held) bool {
	body := r.ByFunc[sp.Body()]
	if body == nil || body.flow == nil {
		return false
	}
	site := sp.Site()
	for _, u := range body.unheldUnlocks(h.Mode) {
		fact, ok := u.Path.Fact()
		if !ok {
			continue
		}
		if ref, ok := site.RebaseFact(fl.flow.fset, fact, u.Class, u.ClassName, access.PlaceOf); ok && ref.Key == h.Ref.Key {
			return true
		}
	}
	return false
}

// unheldUnlocks returns the locks the function unlocks, in mode m, at a
// point where it does not hold them.
func (ff *FuncFlow) unheldUnlocks(m Mode) []Ref {
	var out []Ref
	for _, b := range ff.Fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, ref, ok := ff.flow.lockOp(&call.Call)
			if !ok || (op != Unlock && op != RUnlock) || op.mode() != m {
				continue
			}
			if s := ff.stateBefore(instr); s != nil {
				if _, held := s.held[ref.Key]; !held {
					out = append(out, ref)
				}
			}
		}
	}
	return out
}

// spawnerReleases reports whether a function that starts fl's function
// as a goroutine unlocks h's instance, in its own terms, somewhere it
// does not hold it.
func (r *Result) spawnerReleases(fl *FuncFlow, h Held) bool {
	fact, ok := h.Ref.Path.Fact()
	if !ok {
		return false // a lock of the goroutine's own: no one else names it
	}
	for _, sp := range r.spawnsOf(fl.Fn) {
		parent := r.ByFunc[sp.Instr.Parent()]
		if parent == nil || parent.flow == nil {
			continue
		}
		ref, ok := sp.Site().RebaseFact(parent.flow.fset, fact, h.Ref.Class, h.Ref.ClassName, access.PlaceOf)
		if ok && parent.unlocksUnheld(ref.Key, h.Mode) {
			return true
		}
	}
	return false
}

// unlocksUnheld reports whether the function unlocks key, in mode m,
// at a point where it does not hold it: it lets go of a lock another
// goroutine took.
func (ff *FuncFlow) unlocksUnheld(key string, m Mode) bool {
	for _, ref := range ff.unheldUnlocks(m) {
		if ref.Key == key {
			return true
		}
	}
	return false
}

// spawnsOf returns the sites in the package that start fn as a
// goroutine.
func (r *Result) spawnsOf(fn *ssa.Function) []spawn.Spawn {
	r.spawnsOnce.Do(func() {
		r.spawns = map[*ssa.Function][]spawn.Spawn{}
		for _, fl := range r.Flows {
			for _, b := range fl.Fn.Blocks {
				for _, instr := range b.Instrs {
					if sp, ok := spawn.OfInstr(instr); ok && sp.Kind.Concurrent() {
						if body := sp.Body(); body != nil {
							r.spawns[body] = append(r.spawns[body], sp)
						}
					}
				}
			}
		}
	})
	return r.spawns[fn]
}
