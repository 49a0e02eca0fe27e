package locks

import (
	"sort"

	"golang.org/x/tools/go/ssa"
)

// branchGuarded reports whether block b runs only when a branch other
// than a loop's condition goes its way: an if or a switch case decides
// it (error paths, options), where a loop body runs whenever the loop
// does. A lock a callee takes in a guarded block is a may-acquire: it
// orders locks, but a cycle rests on one such edge at most.
func branchGuarded(b *ssa.BasicBlock) bool {
	return BranchGuarded(b)
}

// BranchGuarded is branchGuarded, for the other function summaries:
// an operation in a loop body is made whenever the loop runs, one an if
// or a switch guards on some paths only.
func BranchGuarded(b *ssa.BasicBlock) bool {
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 || len(d.Succs) != 2 || d.Succs[0] == d.Succs[1] {
			continue
		}
		if _, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If); !ok || loopHeader(d) {
			continue
		}
		if d.Succs[0].Dominates(b) || d.Succs[1].Dominates(b) {
			return true
		}
	}
	return false
}

// loopHeader reports whether d is the head of a loop: a predecessor it
// dominates jumps back to it.
func loopHeader(d *ssa.BasicBlock) bool {
	for _, p := range d.Preds {
		if d.Dominates(p) {
			return true
		}
	}
	return false
}

// maxAcquires bounds the classes a summary lists: a function at the
// top of a large program reaches many, and every importer decodes the
// fact. Must-acquires are kept before may-acquires.
const maxAcquires = 64

func boundAcquires(list []Acquire) []Acquire {
	if len(list) <= maxAcquires {
		return list
	}
	sort.SliceStable(list, func(i, j int) bool { return !list[i].May && list[j].May })
	return list[:maxAcquires]
}
