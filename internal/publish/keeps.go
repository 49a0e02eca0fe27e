package publish

import "golang.org/x/tools/go/ssa"

// Keeps reports whether fn may keep what its parameter i points to
// after it returns, or hand it to code that runs on: store it anywhere
// but into the object itself, return or send it, capture it in a
// closure that escapes, start a goroutine with it, pass it to a call
// that may keep it. A function without a body, or with fewer
// parameters, keeps it.
func (q *Query) Keeps(fn *ssa.Function, i int) bool {
	if fn == nil || i < 0 || i >= len(fn.Params) || len(fn.Blocks) == 0 {
		return true
	}
	return q.escapes(fn.Params[i], false, maxDepth)
}

// HandedOnlyToPackage reports whether, when instruction at runs, the
// object alloc allocated can have reached only the package's own code
// that its function calls or starts: every publishing site before at
// passes it to a function of the package (a call, a go statement, a
// closure written here), none stores it anywhere, sends it, or passes
// it to code whose SSA is not at hand. A caller that does not run that
// code cannot have it yet. What a callee of the package does with it
// is not followed (stores into globals included): callers use this
// only to rule out code that none of those callees runs.
func (q *Query) HandedOnlyToPackage(alloc *ssa.Alloc, at ssa.Instruction) bool {
	if alloc == nil || at == nil || at.Block() == nil || at.Parent() != alloc.Parent() {
		return false
	}
	if q.handed == nil {
		q.handed = map[*ssa.Alloc]*object{}
	}
	o, ok := q.handed[alloc]
	if !ok {
		o = q.handedOutside(alloc)
		q.handed[alloc] = o
	}
	return o != nil && !o.before(at)
}

// handedOutside summarises alloc's publishing sites that hand it to
// more than package code; nil when its uses cannot be enumerated.
func (q *Query) handedOutside(alloc *ssa.Alloc) *object {
	sites, ok := q.sites(alloc, false, maxDepth)
	if !ok {
		return nil
	}
	var outside []ssa.Instruction
	for _, s := range sites {
		if !toPackage(s) {
			outside = append(outside, s)
		}
	}
	return objectOf(outside, alloc.Parent(), alloc.Block())
}

// toPackage reports whether site hands the object to package code: a
// static call or go statement of a function with a body, or a closure.
func toPackage(site ssa.Instruction) bool {
	switch s := site.(type) {
	case *ssa.MakeClosure:
		return true
	case ssa.CallInstruction:
		fn := s.Common().StaticCallee()
		return fn != nil && len(fn.Blocks) > 0
	}
	return false
}
