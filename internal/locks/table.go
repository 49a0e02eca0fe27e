package locks

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Function tables. A package variable holding functions, filled by its
// initialiser and afterwards only indexed and called
//
//	var handlers = []func(*Session, header) error{typeData: (*Session).handleData, ...}
//	...
//	handlers[t](s, hdr)
//
// is a switch in disguise: its functions are called from the places
// that index it, with the receiver the call passes first, and are not
// values anyone else can call.

// table is one package variable's functions and the instructions
// naming the variable.
type table struct {
	funcs []*ssa.Function
	uses  []ssa.Instruction
}

func (g *graph) table(glob *ssa.Global) *table {
	if g.tables == nil {
		g.tables = map[*ssa.Global]*table{}
	}
	t := g.tables[glob]
	if t == nil {
		t = &table{}
		g.tables[glob] = t
	}
	return t
}

// noteGlobals records instr's uses of package variables that may be
// function tables.
func (g *graph) noteGlobals(instr ssa.Instruction) {
	for _, op := range instr.Operands(nil) {
		if glob, ok := (*op).(*ssa.Global); ok && glob.Pkg == g.pkg && funcList(glob) {
			t := g.table(glob)
			t.uses = append(t.uses, instr)
		}
	}
}

// funcList reports whether a package variable is a slice or an array
// of functions.
func funcList(glob *ssa.Global) bool {
	var elem types.Type
	switch t := glob.Type().(*types.Pointer).Elem().Underlying().(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Array:
		elem = t.Elem()
	default:
		return false
	}
	_, ok := elem.Underlying().(*types.Signature)
	return ok
}

// tabled reports whether instr, in the package initialiser fn, stores f
// into an element of a function table, and records f in the table.
func (g *graph) tabled(fn *ssa.Function, instr ssa.Instruction, f *ssa.Function) bool {
	st, ok := instr.(*ssa.Store)
	if !ok || st.Val != f || !isInit(fn) {
		return false
	}
	ia, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	glob := tableGlobal(ia.X)
	if glob == nil || glob.Pkg != g.pkg || !funcList(glob) {
		return false
	}
	t := g.table(glob)
	t.funcs = append(t.funcs, f)
	return true
}

func isInit(fn *ssa.Function) bool {
	return fn.Parent() == nil && fn.Name() == "init" && fn.Signature.Recv() == nil
}

// tableGlobal returns the package variable an array being filled
// becomes: the variable itself, or a literal's array sliced into it.
func tableGlobal(base ssa.Value) *ssa.Global {
	if glob, ok := base.(*ssa.Global); ok {
		return glob
	}
	a, ok := base.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var glob *ssa.Global
	for _, r := range *a.Referrers() {
		switch x := r.(type) {
		case *ssa.IndexAddr:
			for _, rr := range *x.Referrers() {
				if st, ok := rr.(*ssa.Store); !ok || st.Addr != x {
					return nil
				}
			}
		case *ssa.Slice:
			refs := *x.Referrers()
			if glob != nil || len(refs) != 1 {
				return nil
			}
			st, ok := refs[0].(*ssa.Store)
			if !ok || st.Val != x {
				return nil
			}
			if glob, _ = st.Addr.(*ssa.Global); glob == nil {
				return nil
			}
		default:
			return nil
		}
	}
	return glob
}

// resolveTables turns each table's calls into call sites of its
// functions; a table used any other way (assigned, passed, ranged
// over) makes its functions escape.
func (g *graph) resolveTables() {
	for glob, t := range g.tables {
		calls, ok := tableCalls(glob, t.uses)
		for _, f := range t.funcs {
			if !ok {
				g.escape(f)
				continue
			}
			m := f
			if obj, isFunc := f.Object().(*types.Func); isFunc && f.Synthetic != "" {
				if fv := g.pkg.Prog.FuncValue(obj); fv != nil {
					m = fv
				}
			}
			for _, call := range calls {
				site := callSite{caller: call.Parent(), instr: call}
				if args := call.Common().Args; m.Signature.Recv() != nil && len(args) > 0 {
					site.recv = args[0]
				}
				g.sites[m] = append(g.sites[m], site)
			}
		}
	}
}

// tableCalls returns the calls of a table's elements, if its uses are
// the initialiser's fill and element loads that are only called.
func tableCalls(glob *ssa.Global, uses []ssa.Instruction) ([]ssa.CallInstruction, bool) {
	var calls []ssa.CallInstruction
	for _, u := range uses {
		switch x := u.(type) {
		case *ssa.Store: // the initialiser's fill
			if !isInit(x.Parent()) || x.Addr != glob {
				return nil, false
			}
			s, ok := x.Val.(*ssa.Slice)
			if !ok || tableGlobal(s.X) != glob {
				return nil, false
			}
		case *ssa.IndexAddr: // an array's element
			for _, r := range *x.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == x && isInit(st.Parent()) {
					continue // a fill (its function recorded or escaped)
				}
				cs, ok := loadCalls(r)
				if !ok {
					return nil, false
				}
				calls = append(calls, cs...)
			}
		case *ssa.UnOp: // a slice's load, then its elements'
			if x.Op != token.MUL {
				return nil, false
			}
			for _, r := range *x.Referrers() {
				ia, ok := r.(*ssa.IndexAddr)
				if !ok {
					return nil, false
				}
				for _, rr := range *ia.Referrers() {
					cs, ok := loadCalls(rr)
					if !ok {
						return nil, false
					}
					calls = append(calls, cs...)
				}
			}
		default:
			return nil, false
		}
	}
	return calls, true
}

// loadCalls returns the calls of the function instr loads, if it is a
// load whose value is only called.
func loadCalls(instr ssa.Instruction) ([]ssa.CallInstruction, bool) {
	ld, ok := instr.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil, false
	}
	var calls []ssa.CallInstruction
	for _, r := range *ld.Referrers() {
		call, ok := r.(ssa.CallInstruction)
		if !ok || call.Common().Value != ssa.Value(ld) {
			return nil, false
		}
		for _, a := range call.Common().Args {
			if a == ssa.Value(ld) {
				return nil, false
			}
		}
		calls = append(calls, call)
	}
	return calls, true
}
