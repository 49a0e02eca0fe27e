package locks

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// Op is what a call does to a mutex.
type Op uint8

const (
	NoOp Op = iota
	Lock
	RLock
	Unlock
	RUnlock
	TryLock
	TryRLock
)

// Mode is how a lock is held.
type Mode uint8

const (
	Write Mode = iota
	Read
)

func (m Mode) String() string {
	if m == Read {
		return "read"
	}
	return "write"
}

// mode returns the mode an acquiring op takes.
func (op Op) mode() Mode {
	if op == RLock || op == TryRLock || op == RUnlock {
		return Read
	}
	return Write
}

var syncOps = map[string]Op{
	"(*sync.Mutex).Lock":       Lock,
	"(*sync.Mutex).Unlock":     Unlock,
	"(*sync.Mutex).TryLock":    TryLock,
	"(*sync.RWMutex).Lock":     Lock,
	"(*sync.RWMutex).Unlock":   Unlock,
	"(*sync.RWMutex).TryLock":  TryLock,
	"(*sync.RWMutex).RLock":    RLock,
	"(*sync.RWMutex).RUnlock":  RUnlock,
	"(*sync.RWMutex).TryRLock": TryRLock,
}

// opOf recognises a call that locks or unlocks a sync.Mutex or
// sync.RWMutex, directly or through a sync.Locker whose concrete value
// is known, and returns the op and the mutex's address.
func opOf(call *ssa.CallCommon) (Op, ssa.Value) {
	if call.IsInvoke() {
		return invokeOp(call)
	}
	if len(call.Args) == 0 {
		return NoOp, nil
	}
	op, ok := syncOps[ssautil.CalleeName(call)]
	if !ok {
		return NoOp, nil
	}
	return op, call.Args[0]
}

// invokeOp handles l.Lock() on a sync.Locker built from a known
// *sync.Mutex or *sync.RWMutex in this function.
func invokeOp(call *ssa.CallCommon) (Op, ssa.Value) {
	mi, ok := call.Value.(*ssa.MakeInterface)
	if !ok {
		return NoOp, nil
	}
	ptr, ok := types.Unalias(mi.X.Type()).(*types.Pointer)
	if !ok {
		return NoOp, nil
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "sync" {
		return NoOp, nil
	}
	op, ok := syncOps["(*sync."+named.Obj().Name()+")."+call.Method.Name()]
	if !ok {
		return NoOp, nil
	}
	return op, mi.X
}
