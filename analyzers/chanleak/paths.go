package chanleak

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// returnPath returns a path of blocks from start to a block whose
// return leaves (a return that leaves nil: any), entering only blocks
// for which enter is true (start aside), or nil. It is a breadth-first
// search: the path is a shortest one.
func returnPath(start *ssa.BasicBlock, enter func(*ssa.BasicBlock) bool, leaves func(*ssa.Return) bool) []*ssa.BasicBlock {
	return returnPathEdges(start, func(_, to *ssa.BasicBlock) bool { return enter(to) }, leaves)
}

// returnPathEdges is returnPath taking edges (from, to) where enter is
// true.
func returnPathEdges(start *ssa.BasicBlock, enter func(from, to *ssa.BasicBlock) bool, leaves func(*ssa.Return) bool) []*ssa.BasicBlock {
	if ssautil.IsMainMain(start.Parent()) {
		return nil // main's return ends the process: nothing is left waiting
	}
	parent := map[*ssa.BasicBlock]*ssa.BasicBlock{start: nil}
	work := []*ssa.BasicBlock{start}
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		if ret, ok := ssautil.ReturnOf(b); ok && b != b.Parent().Recover && (leaves == nil || leaves(ret)) {
			var path []*ssa.BasicBlock
			for x := b; x != nil; x = parent[x] {
				path = append([]*ssa.BasicBlock{x}, path...)
			}
			return path
		}
		for _, s := range b.Succs {
			if _, seen := parent[s]; seen || !enter(b, s) || ssautil.EndsOrFails(s) {
				continue
			}
			parent[s] = b
			work = append(work, s)
		}
	}
	return nil
}

// returnAt places the return ending a path.
func returnAt(path []*ssa.BasicBlock) (*ssa.Function, *ssa.Return) {
	last := path[len(path)-1]
	ret, _ := ssautil.ReturnOf(last)
	return last.Parent(), ret
}

// cycleWith reports whether block b runs in a loop with a block of set:
// a path that skips the loop's body (zero iterations) does not count
// as skipping what the body does.
func cycleWith(b *ssa.BasicBlock, set map[*ssa.BasicBlock]bool) bool {
	for s := range set {
		if s != b && ssautil.Reaches(b, s, nil) && ssautil.Reaches(s, b, nil) {
			return true
		}
	}
	return false
}
