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
