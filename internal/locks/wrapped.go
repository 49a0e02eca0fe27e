package locks

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
)

// A wrapped lock is a value whose type has sync.Locker's method set,
// Lock() and Unlock(), and is not one of package sync's mutexes: an
// interface such as syncthing's lib/sync Mutex, whose values wrap a
// sync.Mutex, or a named type with its own Lock and Unlock. The model
// counts it as held from Lock to Unlock (RLock to RUnlock when the type
// has those too) for the checks a held lock silences (HeldBefore:
// mapaccess's guarded accesses, chanclose's closes under a lock). It
// takes no part in lock order: what its methods do is unknown (a
// logging wrapper, a file lock, a no-op in tests), so it is left out of
// acquisitions, returns and summaries, and forms no lock-order edges
// and no self-deadlocks.

var (
	lockerLike   = spawn.Methods(map[string][]types.Type{"Lock": nil, "Unlock": nil})
	rwLockerLike = spawn.Methods(map[string][]types.Type{"Lock": nil, "Unlock": nil, "RLock": nil, "RUnlock": nil})
)

var wrappedOps = map[string]Op{"Lock": Lock, "Unlock": Unlock, "RLock": RLock, "RUnlock": RUnlock}

// wrappedOp recognises Lock, Unlock, RLock and RUnlock on a wrapped lock
// and returns the op and the lock value, which names the lock as a
// mutex's address does.
func wrappedOp(call *ssa.CallCommon) (Op, ssa.Value) {
	recv, name, ok := spawn.CalledMethod(call)
	op, known := wrappedOps[name]
	if !ok || !known || !types.Implements(recv.Type(), lockerLike) {
		return NoOp, nil
	}
	if (op == RLock || op == RUnlock) && !types.Implements(recv.Type(), rwLockerLike) {
		return NoOp, nil
	}
	return op, recv
}

// wrapped applies a Lock or Unlock of a wrapped lock to s.
func (f *flow) wrapped(instr ssa.Instruction, call *ssa.CallCommon, s *state) {
	op, mu := wrappedOp(call)
	if op == NoOp {
		return
	}
	ref, ok := RefOf(f.fset, mu)
	if !ok {
		return
	}
	h, held := s.held[ref.Key]
	switch op {
	case Lock, RLock:
		if !held {
			f.hold(s, ref.Key, Held{Ref: ref, Mode: op.mode(), Pos: instr.Pos(), Wrapped: true})
		}
	case Unlock, RUnlock:
		if held && h.Wrapped {
			forget(s, &s.held, ref.Key)
		}
	}
}

// wrappedLock reports whether fn is the Lock method of a wrapped lock.
func wrappedLock(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || fn.Name() != "Lock" || fn.Pkg() == nil || fn.Pkg().Path() == "sync" {
		return false
	}
	return types.Implements(sig.Recv().Type(), lockerLike)
}
