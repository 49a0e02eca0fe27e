package locks

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
)

// lockOp recognises a call that locks or unlocks a mutex and names the
// mutex: opOf's operations, and those on the L of a sync.Cond kept in a
// field (see condFieldOp). ok is false when the mutex cannot be named.
func (f *flow) lockOp(call *ssa.CallCommon) (op Op, ref Ref, ok bool) {
	if op, mu := opOf(call); op != NoOp {
		ref, ok := mutexRef(f.fset, mu)
		return op, ref, ok
	}
	return f.condFieldOp(call)
}

// mutexRef is RefOf for a mutex that a Lock or Unlock call names, with
// a mutex kept in a collection (shards[i] of a []*sync.Mutex) named by
// its collection's class, "pkg.shards[]" (access.ElementClass): each
// element is an instance of that class, so that it takes part in lock
// order as a mutex field of a struct kept in a slice does.
func mutexRef(fset *token.FileSet, mu ssa.Value) (Ref, bool) {
	ref, ok := RefOf(fset, mu)
	if ok && ref.Class == "" {
		ref.Class, ref.ClassName = access.ElementClass(fset, mu)
	}
	return ref, ok
}

// condFieldOp resolves o.cond.L.Lock() (and Unlock, through RLocker
// too) where every store the package makes to the field cond is
// sync.NewCond on a mutex of the object it is stored in:
//
//	s.cond = sync.NewCond(&s.mu)
//
// The L of o.cond is then o.mu.
func (f *flow) condFieldOp(call *ssa.CallCommon) (Op, Ref, bool) {
	if !call.IsInvoke() || f.calls == nil {
		return NoOp, Ref{}, false
	}
	load, ok := call.Value.(*ssa.UnOp) // the L of a Cond
	if !ok || load.Op != token.MUL {
		return NoOp, Ref{}, false
	}
	l, ok := load.X.(*ssa.FieldAddr)
	if !ok || !isCond(l.X.Type()) {
		return NoOp, Ref{}, false
	}
	if v := access.FieldOf(l.X.Type(), l.Field); v == nil || v.Name() != "L" {
		return NoOp, Ref{}, false
	}
	cond, ok := l.X.(*ssa.UnOp) // o.cond
	if !ok || cond.Op != token.MUL {
		return NoOp, Ref{}, false
	}
	field, ok := cond.X.(*ssa.FieldAddr)
	if !ok {
		return NoOp, Ref{}, false
	}
	mu, ok := f.condMutex(f.calls.FieldStores(field.X.Type(), field.Field))
	if !ok {
		return NoOp, Ref{}, false
	}
	op := lockerMethod(mu.typ, call.Method.Name(), mu.read)
	if op == NoOp {
		return NoOp, Ref{}, false
	}
	site := access.Site{Args: []ssa.Value{field.X}}
	inner := access.Path{Root: access.Root{Kind: access.Param}, Steps: mu.steps}
	ref, ok := site.Rebase(f.fset, inner.Ref(mu.class, mu.className), access.PlaceOf)
	ref.Class, ref.ClassName = mu.class, mu.className
	return op, ref, ok
}

// condLocker is the mutex a Cond field's L locks, below the object
// holding the field.
type condLocker struct {
	steps     []access.Step
	class     string
	className string     // access.Ref.ClassName
	typ       types.Type // *sync.Mutex or *sync.RWMutex
	read      bool       // an RLocker
}

// condMutex returns the one mutex every store of the field makes its
// Cond on, relative to the object stored into.
func (f *flow) condMutex(stores []*ssa.Store) (condLocker, bool) {
	var out condLocker
	for i, st := range stores {
		made, ok := st.Val.(*ssa.Call)
		to, isField := st.Addr.(*ssa.FieldAddr)
		if !ok || !isField || syncFunc(&made.Call) != "sync.NewCond" || len(made.Call.Args) != 1 {
			return condLocker{}, false
		}
		mu, read := lockerOf(made.Call.Args[0], 3)
		if mu == nil {
			return condLocker{}, false
		}
		steps, m, ok := below(f.fset, to.X, mu)
		if !ok {
			return condLocker{}, false
		}
		got := condLocker{steps: steps, class: m.Class, className: m.ClassName, typ: mu.Type(), read: read}
		if i > 0 && (got.class != out.class || got.read != out.read || !sameSteps(got.steps, out.steps)) {
			return condLocker{}, false
		}
		out = got
	}
	return out, len(stores) > 0
}

// below returns the steps from the object obj points to down to the
// mutex at address mu, when mu lies inside it, and the mutex (for its
// class).
func below(fset *token.FileSet, obj, mu ssa.Value) ([]access.Step, access.Ref, bool) {
	base, ok1 := access.RefOf(fset, obj)
	m, ok2 := access.RefOf(fset, mu)
	if !ok1 || !ok2 || m.Class == "" || len(m.Path.Steps) <= len(base.Path.Steps) {
		return nil, access.Ref{}, false
	}
	prefix := m.Path
	prefix.Steps = prefix.Steps[:len(base.Path.Steps)]
	if !prefix.Equal(base.Path) {
		return nil, access.Ref{}, false
	}
	return m.Path.Steps[len(base.Path.Steps):], m, true
}

func sameSteps(a, b []access.Step) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
