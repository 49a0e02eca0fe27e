package partner

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// WaitGroup counts. A waiter waits only for the counts added before it
// waits: a partner that takes the lock before it adds (the count is
// added after the lock, or while it is held) is not counted by a Wait
// made while that lock is held elsewhere, so its lock cannot stand
// between the Wait and its Done.

// maxAddDepth bounds the calls followed to find an Add.
const maxAddDepth = 3

type addsKey struct {
	fn    *ssa.Function
	class string
	depth int
}

// addsAfter reports whether fn adds to the WaitGroup class, itself or
// in a call, on a path from the lock t (nil: anywhere) to the Done op
// reaches. A deferred Done runs at the return: every Add before that
// precedes it.
func (m *Model) addsAfter(fn *ssa.Function, class string, t *Taken, done Op) bool {
	for _, add := range m.addsAt(fn, class, maxAddDepth) {
		if t != nil && t.At != nil && !m.lockedBefore(t.At, t.Class, add, class, maxAddDepth) {
			continue
		}
		if done.Deferred || hb.Reaches(add, done.Instr) {
			return true
		}
	}
	return false
}

// lockedBefore reports whether the lock of lockClass taken at lock
// comes before the Add made at add: on a path between them or, when
// one call makes both, in that call's callee.
func (m *Model) lockedBefore(lock ssa.Instruction, lockClass string, add ssa.Instruction, class string, depth int) bool {
	if lock != add {
		return hb.Reaches(lock, add)
	}
	call, ok := add.(ssa.CallInstruction)
	if !ok || depth == 0 {
		return false
	}
	for _, callee := range m.callees(call) {
		fl := m.locks.ByFunc[callee]
		if fl == nil {
			continue
		}
		for _, a := range fl.Acquisitions {
			if a.Ref.Class != lockClass || a.Instr == nil {
				continue
			}
			for _, x := range m.addsAt(callee, class, depth-1) {
				if m.lockedBefore(a.Instr, lockClass, x, class, depth-1) {
					return true
				}
			}
		}
	}
	return false
}

// addsAt lists fn's instructions that add to the WaitGroup class: its
// Add calls (but those for a goroutine it starts after) and the calls
// whose callees add (depth calls down).
func (m *Model) addsAt(fn *ssa.Function, class string, depth int) []ssa.Instruction {
	if m.adds == nil {
		m.adds = map[addsKey][]ssa.Instruction{}
	}
	k := addsKey{fn, class, depth}
	if out, ok := m.adds[k]; ok {
		return out
	}
	m.adds[k] = nil // a recursive call adds nothing more
	var out []ssa.Instruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok || isGo(call) {
				continue
			}
			if m.isAdd(call, class) && !startsAfter(call) || depth > 0 && slices.ContainsFunc(m.callees(call), func(c *ssa.Function) bool {
				return len(m.addsAt(c, class, depth-1)) > 0
			}) {
				out = append(out, instr)
			}
		}
	}
	m.adds[k] = out
	return out
}

// startsAfter reports whether a go statement may follow add in its
// function: that Add counts the goroutine started (wg.Add(1); go
// work()), not the one making it.
func startsAfter(add ssa.Instruction) bool {
	for _, b := range add.Parent().Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Go); ok && hb.Reaches(add, instr) {
				return true
			}
		}
	}
	return false
}

// isAdd reports whether call is Add on a WaitGroup of class.
func (m *Model) isAdd(call ssa.CallInstruction, class string) bool {
	if ssautil.CalleeName(call.Common()) != "(*sync.WaitGroup).Add" || len(call.Common().Args) == 0 {
		return false
	}
	ref, ok := m.name(call.Common().Args[0], true)
	return ok && ref.Class == class
}
