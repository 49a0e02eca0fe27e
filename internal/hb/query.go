package hb

import (
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/spawn"
)

// Joined reports whether the spawner of s has waited for its body by
// the time it reaches at: every path from the spawn to at passes a join
// (see the package doc). uses are the body's instructions whose effects
// the waiter must see: a signal the body gives before one of them joins
// nothing. at must be an instruction of the spawner.
func (x *Index) Joined(s spawn.Spawn, uses []ssa.Instruction, at ssa.Instruction) bool {
	return !x.ConcurrentAfter(s, uses).Contains(at)
}

// MayRunTogether reports whether instructions a and b may run at the
// same time, as far as the goroutine model of their functions shows:
// one is in the body of a spawn the other's function makes, and the
// spawner reaches it before joining the body; or both are in the bodies
// of spawns of one function that run beside each other (one started
// before the other is joined, or one spawn repeated in a loop). Code
// not related by a spawn in the package (two unrelated functions, one
// function's own instructions) is not known to run together: false.
func (x *Index) MayRunTogether(a, b ssa.Instruction) bool {
	if together(x, a, b) || together(x, b, a) {
		return true
	}
	sa, sb := x.spawnsOf(a.Parent()), x.spawnsOf(b.Parent())
	for _, s := range sa {
		for _, u := range sb {
			if s.Instr.Parent() != u.Instr.Parent() {
				continue
			}
			if s.Instr == u.Instr {
				if x.ConcurrentAfter(s, []ssa.Instruction{a, b}).Contains(s.Instr) {
					return true // two instances of one spawn in a loop
				}
				continue
			}
			overlap := x.ConcurrentAfter(s, []ssa.Instruction{a}).Contains(u.Instr) ||
				x.ConcurrentAfter(u, []ssa.Instruction{b}).Contains(s.Instr)
			if overlap && !x.WaitsIn(u, b, s, []ssa.Instruction{a}) && !x.WaitsIn(s, a, u, []ssa.Instruction{b}) {
				return true
			}
		}
	}
	return false
}

// WaitsIn reports whether the body of b, before at (one of its
// instructions; a deferred call where it runs), waits for the body of
// u, another spawn of the same function: a Wait on a group that counts
// u, or a receive from a channel u signals on after uses (its
// instructions the waiter must see).
func (x *Index) WaitsIn(b spawn.Spawn, at ssa.Instruction, u spawn.Spawn, uses []ssa.Instruction) bool {
	body := b.Body()
	if body == nil || at.Parent() != body {
		return false
	}
	groups, channels := x.Signals(u, uses)
	var waits []ssa.Instruction
	for _, blk := range body.Blocks {
		for _, instr := range blk.Instrs {
			if _, group, ok := JoinKey(x.fset, instr); ok {
				key, ok := outerKey(x.fset, b, JoinValue(instr))
				if ok && (group && groups[key] || !group && channels[key]) {
					waits = append(waits, instr)
				}
			}
		}
	}
	return beforeEach(waits, at)
}

// together reports whether body, an instruction of a body spawned in
// other's function, may run while other runs.
func together(x *Index, body, other ssa.Instruction) bool {
	for _, s := range x.spawnsOf(body.Parent()) {
		if s.Instr.Parent() == other.Parent() && !x.Joined(s, []ssa.Instruction{body}, other) {
			return true
		}
	}
	return false
}

// spawnsOf lists the spawns in fn's package whose body is fn: a
// function literal has one, a declared function any number.
func (x *Index) spawnsOf(fn *ssa.Function) []spawn.Spawn {
	if fn == nil {
		return nil
	}
	var out []spawn.Spawn
	seen := map[*ssa.Function]bool{}
	var visit func(f *ssa.Function)
	visit = func(f *ssa.Function) {
		if f == nil || seen[f] {
			return
		}
		seen[f] = true
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if s, ok := x.spawns(instr); ok && s.Body() == fn {
					out = append(out, s)
				}
			}
		}
		for _, anon := range f.AnonFuncs {
			visit(anon)
		}
	}
	if fn.Parent() != nil {
		visit(fn.Parent())
		return out
	}
	if fn.Pkg == nil {
		return nil
	}
	for _, f := range declared(fn.Pkg) {
		visit(f)
	}
	return out
}

// declared lists a package's functions and methods.
func declared(pkg *ssa.Package) []*ssa.Function {
	var out []*ssa.Function
	// Members is a map: name order keeps the result the same in every run.
	for _, name := range slices.Sorted(maps.Keys(pkg.Members)) {
		switch m := pkg.Members[name].(type) {
		case *ssa.Function:
			out = append(out, m)
		case *ssa.Type:
			if named, ok := m.Type().(*types.Named); !ok || named.TypeParams() != nil || types.IsInterface(named) {
				continue // a generic type has no one method body to look in
			}
			for _, t := range []types.Type{m.Type(), types.NewPointer(m.Type())} {
				mset := pkg.Prog.MethodSets.MethodSet(t)
				for i := 0; i < mset.Len(); i++ {
					if f := pkg.Prog.MethodValue(mset.At(i)); f != nil && f.Pkg == pkg && f.Synthetic == "" {
						out = append(out, f)
					}
				}
			}
		}
	}
	return out
}
