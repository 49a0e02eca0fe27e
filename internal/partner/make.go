package partner

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Makes records, per channel class, how the package makes the
// channels stored there, and per Cond class the classes of the mutexes
// its L is set to.
type Makes struct {
	unbuffered map[string]bool
	buffered   map[string]bool
	condL      map[string][]string // Cond class → L classes ("" unknown)
	// sites are the calls and go statements that run each function
	// statically.
	sites map[*ssa.Function][]ssa.CallInstruction
}

// IndexMakes scans fns for make(chan) stored into a class, sync.NewCond
// stored into a class and stores to a Cond's L.
func IndexMakes(fset *token.FileSet, fns []*ssa.Function) *Makes {
	mk := &Makes{unbuffered: map[string]bool{}, buffered: map[string]bool{}, condL: map[string][]string{}, sites: map[*ssa.Function][]ssa.CallInstruction{}}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				mk.scan(fset, instr)
			}
		}
	}
	return mk
}

func (mk *Makes) scan(fset *token.FileSet, instr ssa.Instruction) {
	switch instr := instr.(type) {
	case *ssa.MakeChan:
		for _, class := range storedIn(fset, instr) {
			if ssautil.Unbuffered(instr) {
				mk.unbuffered[class] = true
			} else {
				mk.buffered[class] = true
			}
		}
	case *ssa.Go, *ssa.Defer:
		mk.site(instr.(ssa.CallInstruction))
	case *ssa.Call:
		mk.site(instr)
		if instr.Call.StaticCallee() == nil || len(instr.Call.Args) != 1 {
			return
		}
		if obj := instr.Call.StaticCallee().Object(); obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync" || obj.Name() != "NewCond" {
			return
		}
		ls := lockClasses(fset, instr.Call.Args[0])
		for _, class := range storedIn(fset, instr) {
			mk.condL[class] = append(mk.condL[class], ls...)
		}
	case *ssa.Store:
		// c.L = &mu
		fa, ok := instr.Addr.(*ssa.FieldAddr)
		if !ok || access.FieldOf(fa.X.Type(), fa.Field) == nil || access.FieldOf(fa.X.Type(), fa.Field).Name() != "L" || !isCondPtr(fa.X) {
			return
		}
		if ref, ok := access.RefOf(fset, fa.X); ok && ref.Class != "" {
			mk.condL[ref.Class] = append(mk.condL[ref.Class], lockClasses(fset, instr.Val)...)
		}
	}
}

func isCondPtr(v ssa.Value) bool {
	t := v.Type().String()
	return t == "*sync.Cond"
}

// lockClasses names the mutex a Locker value points to: its own class
// and those of the fields the function stores the same pointer into
// (lock := new(sync.Mutex), or a parameter, kept as both the Cond's L
// and t.lock: t.lock.Lock() takes L). It is [""] when nothing names it.
func lockClasses(fset *token.FileSet, v ssa.Value) []string {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	out := storedIn(fset, v)
	switch v.(type) {
	case *ssa.FieldAddr, *ssa.Alloc, *ssa.Global:
		// The mutex itself, or one made here: the places it is kept in
		// name it.
	default:
		// A pointer from elsewhere (a parameter, a load from a field):
		// the places it is kept in name the pointer, not the mutex it
		// points to, which may be any mutex, the one held around Wait
		// too (pebble's versionSet.init: vs.writerCond.L = mu with mu
		// = &d.mu.Mutex).
		out = append(out, "")
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}

// storedIn lists the classes of the places v is stored into, or its own
// class when it is a local kept in no other place (a channel captured
// by closures is named by the variable).
func storedIn(fset *token.FileSet, v ssa.Value) []string {
	var out []string
	var refs []ssa.Instruction
	if rs := v.Referrers(); rs != nil { // nil for a global or a constant
		refs = *rs
	}
	for _, u := range refs {
		if st, ok := u.(*ssa.Store); ok && st.Val == v {
			if ref, ok := access.RefOf(fset, st.Addr); ok && ref.Class != "" {
				out = append(out, ref.Class)
			}
		}
	}
	if ref, ok := access.Storage(fset, v); ok && ref.Class != "" {
		out = append(out, ref.Class)
	}
	return out
}

// Unbuffered reports whether every channel the package stores into
// class is unbuffered, and it makes one.
func (mk *Makes) Unbuffered(class string) bool {
	return mk.unbuffered[class] && !mk.buffered[class]
}

// CondLocks returns the classes of the mutexes a Cond of class uses as
// L, and whether all are known.
func (mk *Makes) CondLocks(class string) ([]string, bool) {
	ls := mk.condL[class]
	for _, l := range ls {
		if l == "" {
			return ls, false
		}
	}
	return ls, len(ls) > 0
}

func (mk *Makes) site(call ssa.CallInstruction) {
	if fn := call.Common().StaticCallee(); fn != nil {
		mk.sites[fn] = append(mk.sites[fn], call)
	}
}

// ParamClass names the storage a channel parameter stands for: the one
// class every static call of its function passes, directly or as what
// a function returns from that class (a getter: func (h *T) C() chan
// struct{} { return h.c }).
func (mk *Makes) ParamClass(fset *token.FileSet, p *ssa.Parameter) (access.Ref, bool) {
	fn := p.Parent()
	i := slices.Index(fn.Params, p)
	sites := mk.sites[fn]
	if i < 0 || len(sites) == 0 || fn.Signature.Recv() == nil && len(fn.FreeVars) > 0 {
		return access.Ref{}, false
	}
	var out access.Ref
	for _, call := range sites {
		args := call.Common().Args
		if i >= len(args) {
			return access.Ref{}, false
		}
		ref, ok := argClass(fset, args[i])
		if !ok || (out.Class != "" && out.Class != ref.Class) {
			return access.Ref{}, false
		}
		out = ref
	}
	return out, true
}

// argClass names the storage an argument comes from.
func argClass(fset *token.FileSet, v ssa.Value) (access.Ref, bool) {
	if call, ok := v.(*ssa.Call); ok {
		return returnedClass(fset, call.Call.StaticCallee())
	}
	ref, ok := access.Storage(fset, v)
	return ref, ok && ref.Class != ""
}

// returnedClass names the one class of storage fn returns from.
func returnedClass(fset *token.FileSet, fn *ssa.Function) (access.Ref, bool) {
	if fn == nil || fn.Signature.Results().Len() != 1 {
		return access.Ref{}, false
	}
	var out access.Ref
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		ref, ok := access.Storage(fset, ret.Results[0])
		if !ok || ref.Class == "" || (out.Class != "" && out.Class != ref.Class) {
			return access.Ref{}, false
		}
		out = ref
	}
	return out, out.Class != ""
}
