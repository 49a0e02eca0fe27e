package chanleak

import (
	"go/types"
	"strings"

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
			if _, seen := parent[s]; seen || !enter(b, s) || endsGoroutine(s) {
				continue
			}
			parent[s] = b
			work = append(work, s)
		}
	}
	return nil
}

// endsGoroutine reports whether block b calls a function that does not
// return: t.Fatal and its kin, log.Fatal, os.Exit, runtime.Goexit. A
// path through it does not leave normally (a test that failed, a
// process that exits): not one to report.
func endsGoroutine(b *ssa.BasicBlock) bool {
	for _, instr := range b.Instrs {
		call, ok := instr.(*ssa.Call)
		if !ok {
			continue
		}
		name := ssautil.CalleeName(&call.Call)
		if call.Call.IsInvoke() {
			name = call.Call.Method.Name()
		} else if fn := call.Call.StaticCallee(); fn != nil {
			name = fn.Name()
			if fn.Pkg != nil {
				name = fn.Pkg.Pkg.Path() + "." + name
			}
		}
		if noReturn[name] || noReturn[lastPart(name)] && testingRecv(call) {
			return true
		}
	}
	return false
}

var noReturn = map[string]bool{
	"os.Exit": true, "runtime.Goexit": true,
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"Fatal": true, "Fatalf": true, "FailNow": true, "Skip": true, "Skipf": true, "SkipNow": true,
}

// lastPart drops a qualified name's package.
func lastPart(name string) string {
	if i := strings.LastIndex(name, "."); i >= 0 {
		return name[i+1:]
	}
	return name
}

// testingRecv reports whether a call's receiver is a testing value
// (*testing.T, testing.TB, ...) or a logger: Fatal on any of them does
// not return.
func testingRecv(call *ssa.Call) bool {
	var recv types.Type
	if call.Call.IsInvoke() {
		recv = call.Call.Value.Type()
	} else if len(call.Call.Args) > 0 && call.Call.Signature().Recv() != nil {
		recv = call.Call.Args[0].Type()
	} else if fn := call.Call.StaticCallee(); fn != nil && fn.Signature.Recv() != nil {
		recv = fn.Signature.Recv().Type()
	}
	if recv == nil {
		return false
	}
	s := types.TypeString(recv, nil)
	return strings.Contains(s, "testing.") || strings.Contains(s, "log.Logger")
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
