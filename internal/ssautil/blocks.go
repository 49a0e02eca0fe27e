package ssautil

import "golang.org/x/tools/go/ssa"

// Index is instr's index in its block, or -1.
func Index(instr ssa.Instruction) int {
	if b := instr.Block(); b != nil {
		for i, x := range b.Instrs {
			if x == instr {
				return i
			}
		}
	}
	return -1
}

// Reaches reports whether block to can be reached from block from by a
// path of at least one edge that enters no block of avoid (to aside;
// avoid may be nil).
func Reaches(from, to *ssa.BasicBlock, avoid map[*ssa.BasicBlock]bool) bool {
	// Blocks are marked by index (a map cost more than the search).
	var seen []bool
	if fn := from.Parent(); fn != nil {
		seen = make([]bool, len(fn.Blocks))
	}
	seenMap := map[*ssa.BasicBlock]bool{} // blocks of no index, if any
	mark := func(b *ssa.BasicBlock) bool {
		if b.Index >= 0 && b.Index < len(seen) && b.Parent() == from.Parent() {
			was := seen[b.Index]
			seen[b.Index] = true
			return was
		}
		was := seenMap[b]
		seenMap[b] = true
		return was
	}
	work := []*ssa.BasicBlock{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, succ := range b.Succs {
			if succ == to {
				return true
			}
			if !avoid[succ] && !mark(succ) {
				work = append(work, succ)
			}
		}
	}
	return false
}

// InLoop reports whether block b can run again after itself in one call
// of its function; a missing block counts as in a loop.
func InLoop(b *ssa.BasicBlock) bool {
	return b == nil || Reaches(b, b, nil)
}
