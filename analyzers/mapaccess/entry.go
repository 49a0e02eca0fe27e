package mapaccess

import "golang.org/x/tools/go/ssa"

// startsUnlocked reports whether fn begins holding no lock: a function
// literal that only a go statement (or another spawn of a new
// goroutine) runs. The locks held at its accesses are then all in
// sight. A Test function starts holding none too, but it is where code
// touches internals bare on purpose, knowing what it started is idle
// (nats-server's batching tests call "Lock should be held" helpers
// after stopping each cleanup timer).
func (c *checker) startsUnlocked(fn *ssa.Function) bool {
	if fn.Parent() == nil {
		return false
	}
	var uses []ssa.Instruction
	var ops []*ssa.Value
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			ops = instr.Operands(ops[:0])
			for _, op := range ops {
				if *op != ssa.Value(fn) {
					continue
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					uses = append(uses, closureUses(mc)...)
				} else {
					uses = append(uses, instr)
				}
			}
		}
	}
	if len(uses) != 1 {
		return false
	}
	s, ok := c.hb.Spawn(uses[0])
	return ok && s.Kind.Concurrent() && s.Body() == fn
}

// closureUses lists the instructions that use a closure's value.
func closureUses(mc *ssa.MakeClosure) []ssa.Instruction {
	var out []ssa.Instruction
	for _, u := range *mc.Referrers() {
		if _, ok := u.(*ssa.DebugRef); !ok {
			out = append(out, u)
		}
	}
	return out
}
