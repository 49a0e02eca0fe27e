package hb

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// sameLoad reports whether a and b are loads of one variable that holds
// a single value wherever they run: it is stored once, before the
// loads (or before the closure that loads it is made), and nothing
// else writes it or takes its address (Workers := runtime.GOMAXPROCS(0)
// captured by a b.Run closure that loops over it twice).
func sameLoad(a, b ssa.Value) bool {
	la, ok := a.(*ssa.UnOp)
	if !ok || la.Op != token.MUL {
		return false
	}
	lb, ok := b.(*ssa.UnOp)
	if !ok || lb.Op != token.MUL || la.X != lb.X {
		return false
	}
	switch v := la.X.(type) {
	case *ssa.Alloc:
		return storedOnceBefore(v, la, lb)
	case *ssa.FreeVar:
		mc, i := closureOf(v)
		if mc == nil || !onlyLoaded(v) {
			return false
		}
		cell, ok := mc.Bindings[i].(*ssa.Alloc)
		return ok && storedOnceBefore(cell, mc)
	}
	return false
}

// storedOnceBefore reports whether cell is stored into once, before
// each of uses on every path, and is otherwise only read, by its
// function and by closures. A cell made in a loop is a new variable
// each pass: not one value.
func storedOnceBefore(cell *ssa.Alloc, uses ...ssa.Instruction) bool {
	if InLoop(cell.Block()) || !onlyReadByClosures(cell) {
		return false
	}
	var store *ssa.Store
	for _, r := range *cell.Referrers() {
		if st, ok := r.(*ssa.Store); ok {
			if store != nil {
				return false
			}
			store = st
		}
	}
	if store == nil {
		return false
	}
	for _, u := range uses {
		if !Before(store, u) {
			return false
		}
	}
	return true
}

// closureOf returns the one MakeClosure that binds fv's function and
// the index of fv among its bindings, or nil.
func closureOf(fv *ssa.FreeVar) (*ssa.MakeClosure, int) {
	fn := fv.Parent()
	if fn == nil {
		return nil, 0
	}
	mc := ssautil.MakerOf(fn)
	i := slices.Index(fn.FreeVars, fv)
	if mc == nil || i < 0 || i >= len(mc.Bindings) {
		return nil, 0
	}
	return mc, i
}
