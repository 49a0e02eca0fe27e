package ssautil

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// NeverReturnsFrom reports whether no path from b returns normally:
// each ends in a call that never returns (NeverReturns), a panic, or
// loops forever.
func NeverReturnsFrom(b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	var returns func(b *ssa.BasicBlock) bool
	returns = func(b *ssa.BasicBlock) bool {
		if seen[b] {
			return false
		}
		seen[b] = true
		for _, instr := range b.Instrs {
			if NeverReturns(instr) {
				return false
			}
			switch instr.(type) {
			case *ssa.Return:
				return true
			case *ssa.Panic:
				return false
			}
		}
		for _, s := range b.Succs {
			if returns(s) {
				return true
			}
		}
		return false
	}
	return !returns(b)
}

// LiveCases counts the cases of a select (its default included) after
// which the function can go on: a case whose every path ends the
// goroutine (case <-ctx.Done(): t.FailNow()) is not one. A case whose
// block is not found counts as live.
func LiveCases(sel *ssa.Select) int {
	arms := selectArms(sel)
	n := len(sel.States)
	if !sel.Blocking {
		n++
	}
	live := 0
	for i := 0; i < n; i++ {
		b, ok := arms[i]
		if !ok || !NeverReturnsFrom(b) {
			live++
		}
	}
	return live
}

// OnlyLiveCase reports whether case i of sel is the one after which
// the function goes on: every other case (and the default) ends the
// goroutine.
func OnlyLiveCase(sel *ssa.Select, i int) bool {
	arms := selectArms(sel)
	if b, ok := arms[i]; !ok || NeverReturnsFrom(b) {
		return false
	}
	n := len(sel.States)
	if !sel.Blocking {
		n++ // the default
	}
	for j := 0; j < n; j++ {
		if b, ok := arms[j]; j != i && (!ok || !NeverReturnsFrom(b)) {
			return false
		}
	}
	return true
}

// selectArms maps each case of sel to the block it runs: go/ssa tests
// "extract(select, 0) == i" in a chain of ifs (SelectCase), the true
// branch being case i; the chain's last false branch is the default
// (index len(States)) of a non-blocking select, or unreachable.
func selectArms(sel *ssa.Select) map[int]*ssa.BasicBlock {
	arms := map[int]*ssa.BasicBlock{}
	for _, r := range *sel.Referrers() {
		ext, ok := r.(*ssa.Extract)
		if !ok || ext.Index != 0 {
			continue
		}
		for _, rr := range *ext.Referrers() {
			b := rr.Block()
			if b == nil {
				continue
			}
			if s, i, ok := SelectCase(b); ok && s == sel {
				arms[i] = b.Succs[0]
				if i == len(sel.States)-1 && !sel.Blocking {
					arms[len(sel.States)] = b.Succs[1]
				}
			}
		}
	}
	return arms
}

// SelectCase recognises a block that ends by testing which case of a
// select ran: go/ssa lowers it to "if extract(select, 0) == i", whose
// true branch is case i.
func SelectCase(b *ssa.BasicBlock) (*ssa.Select, int, bool) {
	if len(b.Instrs) == 0 {
		return nil, 0, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, 0, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL {
		return nil, 0, false
	}
	ext, ok := cmp.X.(*ssa.Extract)
	if !ok || ext.Index != 0 {
		return nil, 0, false
	}
	sel, ok := ext.Tuple.(*ssa.Select)
	if !ok {
		return nil, 0, false
	}
	c, ok := cmp.Y.(*ssa.Const)
	if !ok || c.Value == nil {
		return nil, 0, false
	}
	i, ok := constant.Int64Val(c.Value)
	if !ok || i < 0 || int(i) >= len(sel.States) {
		return nil, 0, false
	}
	return sel, int(i), true
}
