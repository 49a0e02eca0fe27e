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
	return returnPathTally(start, tally{need: 1}, enter, leaves)
}

// tally counts what a path takes from the channel on its way: from is
// the count at the start block (what that block takes after the
// path's start), gain what each block entered adds. A path whose count
// reaches need has taken enough: it goes no further.
type tally struct {
	from, need int64
	gain       func(*ssa.BasicBlock) int64 // nil: nothing
}

// returnPathTally is returnPathEdges along paths that take fewer than
// t.need values.
func returnPathTally(start *ssa.BasicBlock, t tally, enter func(from, to *ssa.BasicBlock) bool, leaves func(*ssa.Return) bool) []*ssa.BasicBlock {
	if ssautil.IsMainMain(start.Parent()) || t.from >= t.need {
		return nil // main's return ends the process: nothing is left waiting
	}
	type state struct {
		b *ssa.BasicBlock
		n int64
	}
	first := state{start, t.from}
	parent := map[state]*state{first: nil}
	work := []state{first}
	for len(work) > 0 {
		st := work[0]
		work = work[1:]
		b := st.b
		if ret, ok := ssautil.ReturnOf(b); ok && b != b.Parent().Recover && (leaves == nil || leaves(ret)) {
			var path []*ssa.BasicBlock
			for x := &st; x != nil; x = parent[*x] {
				path = append([]*ssa.BasicBlock{x.b}, path...)
			}
			return path
		}
		for _, s := range ssautil.Succs(b) {
			next := state{s, st.n}
			if t.gain != nil {
				next.n += t.gain(s)
			}
			if _, seen := parent[next]; seen || next.n >= t.need || !enter(b, s) || ssautil.EndsOrFails(s) {
				continue
			}
			st := st
			parent[next] = &st
			work = append(work, next)
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
