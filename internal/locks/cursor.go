package locks

import (
	"maps"

	"golang.org/x/tools/go/ssa"
)

// Cursor answers HeldBefore for one function's instructions asked about
// in order: it replays each block once from its entry state, not once
// per question (effects asks about every operation and call of every
// function). Asked out of order, it starts the block again. A cursor
// belongs to one goroutine; a FuncFlow may have several.
type Cursor struct {
	ff     *FuncFlow
	replay *flow
	block  *ssa.BasicBlock
	next   int    // index in block.Instrs of the next instruction to replay
	s      *state // the state before block.Instrs[next]
	last   ssa.Instruction
	held   []Held // the answer for last
}

// Cursor returns a cursor over ff's blocks.
func (ff *FuncFlow) Cursor() *Cursor {
	return &Cursor{ff: ff}
}

// HeldBefore returns the locks held on every path to instr, as
// FuncFlow.HeldBefore does.
func (c *Cursor) HeldBefore(instr ssa.Instruction) []Held {
	ff := c.ff
	b := instr.Block()
	if b == nil || ff.flow == nil || b.Index >= len(ff.entry) || ff.entry[b.Index] == nil || !ff.holds {
		return nil
	}
	if instr == c.last {
		return c.held
	}
	if b != c.block {
		c.start(b)
	}
	for pass := 0; pass < 2; pass++ {
		for ; c.next < len(b.Instrs); c.next++ {
			in := b.Instrs[c.next]
			if in == instr {
				c.last, c.held = instr, c.s.collect(true)
				return c.held
			}
			c.replay.step(in, c.s)
		}
		c.start(b) // instr comes before the cursor: from the entry again
	}
	return nil
}

// start puts the cursor at b's entry.
func (c *Cursor) start(b *ssa.BasicBlock) {
	ff := c.ff
	if c.replay == nil {
		// The replay's own TryLock table: the step writes into it, and
		// other passes replay the same function at the same time.
		c.replay = ff.replayer()
		c.replay.try = maps.Clone(c.replay.try)
	}
	c.block, c.next, c.s = b, 0, ff.entry[b.Index].clone()
	c.last, c.held = nil, nil
}
