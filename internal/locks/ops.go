package locks

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
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
	if len(call.Args) == 0 || !callsSync(call) {
		return NoOp, nil
	}
	op, ok := syncOps[ssautil.CalleeName(call)]
	if !ok {
		return NoOp, nil
	}
	return op, call.Args[0]
}

// callsSync reports whether call statically calls a function or method
// of package sync: the dataflow asks opOf at every call it steps
// through, and only those can name a syncOps entry.
func callsSync(call *ssa.CallCommon) bool {
	fn := call.StaticCallee()
	if fn == nil {
		return false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Pkg() != nil && obj.Pkg().Path() == "sync"
}

// OpOf is opOf for the models built on this one.
func OpOf(call *ssa.CallCommon) (Op, ssa.Value) { return opOf(call) }

// invokeOp handles l.Lock() on a sync.Locker whose mutex is known in
// this function (see lockerOf).
func invokeOp(call *ssa.CallCommon) (Op, ssa.Value) {
	mu, read := lockerOf(call.Value, 4)
	if mu == nil {
		return NoOp, nil
	}
	op := lockerMethod(mu.Type(), call.Method.Name(), read)
	if op == NoOp {
		return NoOp, nil
	}
	return op, mu
}

// lockerMethod returns the op a Locker's method makes on a mutex of
// type typ (*sync.Mutex or *sync.RWMutex): an RLocker's Lock and Unlock
// are its mutex's RLock and RUnlock.
func lockerMethod(typ types.Type, method string, read bool) Op {
	ptr, ok := types.Unalias(typ).(*types.Pointer)
	if !ok {
		return NoOp
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "sync" {
		return NoOp
	}
	if read {
		switch method {
		case "Lock":
			method = "RLock"
		case "Unlock":
			method = "RUnlock"
		default:
			return NoOp
		}
	}
	return syncOps["(*sync."+named.Obj().Name()+")."+method]
}

// lockerOf returns the mutex behind a sync.Locker value, and whether
// the Locker takes it for reading: a *sync.Mutex or *sync.RWMutex made
// into a Locker, rw.RLocker() (for reading), or the L of a sync.Cond
// made in this function by sync.NewCond on such a Locker.
func lockerOf(v ssa.Value, depth int) (mu ssa.Value, read bool) {
	if depth == 0 {
		return nil, false
	}
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return v.X, false
	case *ssa.Call:
		switch syncFunc(&v.Call) {
		case "(*sync.RWMutex).RLocker":
			if len(v.Call.Args) == 1 {
				return v.Call.Args[0], true
			}
		}
	case *ssa.UnOp:
		// c.L, c a *sync.Cond: the Locker NewCond was given.
		fa, ok := v.X.(*ssa.FieldAddr)
		if !ok || v.Op != token.MUL || !isCond(fa.X.Type()) {
			return nil, false
		}
		if f := access.FieldOf(fa.X.Type(), fa.Field); f == nil || f.Name() != "L" {
			return nil, false
		}
		made, ok := fa.X.(*ssa.Call)
		if !ok || syncFunc(&made.Call) != "sync.NewCond" || len(made.Call.Args) != 1 {
			return nil, false
		}
		return lockerOf(made.Call.Args[0], depth-1)
	}
	return nil, false
}

// syncFunc names the function of package sync a call makes statically
// ("sync.NewCond", "(*sync.RWMutex).RLocker"), or "".
func syncFunc(call *ssa.CallCommon) string {
	fn := call.StaticCallee()
	if fn == nil {
		return ""
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return ""
	}
	return obj.FullName()
}

// isCond reports whether t is *sync.Cond.
func isCond(t types.Type) bool {
	ptr, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" && named.Obj().Name() == "Cond"
}
