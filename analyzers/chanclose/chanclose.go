package chanclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/astutil"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

//go:embed doc.go
var doc string

// Analyzer reports channels closed by the wrong party.
var Analyzer = report.Wrap(&analysis.Analyzer{
	Name:     "chanclose",
	Doc:      analysisdoc.MustExtract(doc, "chanclose"),
	URL:      "https://github.com/concurlint/concurlint/tree/main/analyzers/chanclose",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ssabuild.Analyzer, locks.Analyzer, spawn.Analyzer},
	Run:      run,
})

func init() {
	spawn.RegisterFlag(Analyzer)
}

func run(pass *analysis.Pass) (any, error) {
	if !closesChannels(pass) {
		return nil, nil
	}
	prog := pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get()
	c := &checker{pass: pass, model: pass.ResultOf[locks.Analyzer].(*locks.Result), ops: map[*ssa.Function][]op{}, hb: hb.NewIndex(pass.Fset).SpawnsBy(pass.ResultOf[spawn.Analyzer].(*spawn.Table).OfInstr)}
	for _, fn := range prog.SrcFuncs {
		c.checkPaths(fn)
		c.checkBodies(fn)
	}
	return nil, nil
}

// closesChannels is a cheap syntactic check: a package that never calls
// close has nothing to report.
func closesChannels(pass *analysis.Pass) bool {
	return astutil.AnyCall(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector), func(call *ast.CallExpr) bool {
		return astutil.IsBuiltinCall(pass.TypesInfo, call, "close")
	})
}

type opKind int

const (
	send opKind = iota
	recv
	closeOp
)

// op is one channel operation in a function.
type op struct {
	instr    ssa.Instruction
	kind     opKind
	ch       locks.Ref // the channel's storage in the function's terms
	deferred bool      // a deferred close
	// viaCall is set for an operation a callee makes (instr is the
	// call): evidence of who sends and closes, not a point on a path.
	viaCall bool
}

type checker struct {
	pass  *analysis.Pass
	model *locks.Result
	ops   map[*ssa.Function][]op
	hb    *hb.Index
}

// opsOf lists fn's channel operations in block order, with those of
// the package's functions it calls on channels it passes them (at the
// call), so that a body sending through a helper counts as a sender.
func (c *checker) opsOf(fn *ssa.Function) []op {
	if list, ok := c.ops[fn]; ok {
		return list
	}
	c.ops[fn] = nil // in progress: recursion sees no operations
	var list []op
	add := func(instr ssa.Instruction, kind opKind, ch ssa.Value, deferred bool) {
		if ref, ok := hb.Storage(c.pass.Fset, ch); ok {
			list = append(list, op{instr: instr, kind: kind, ch: ref, deferred: deferred})
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Send:
				add(instr, send, instr.Chan, false)
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					add(instr, recv, instr.X, false)
				}
			case *ssa.Select:
				for _, st := range instr.States {
					if st.Dir == types.SendOnly {
						add(instr, send, st.Chan, false)
					} else {
						add(instr, recv, st.Chan, false)
					}
				}
			case *ssa.Call:
				if ch, ok := closeArg(&instr.Call); ok {
					add(instr, closeOp, ch, false)
				} else {
					list = append(list, c.calleeOps(fn, instr)...)
				}
			case *ssa.Defer:
				if ch, ok := closeArg(&instr.Call); ok {
					add(instr, closeOp, ch, true)
				}
			}
		}
	}
	c.ops[fn] = list
	return list
}

// calleeOps returns the operations a call's static callee in this
// package makes on channels passed as arguments, in the caller's terms.
func (c *checker) calleeOps(fn *ssa.Function, call *ssa.Call) []op {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg != fn.Pkg || len(callee.Blocks) == 0 {
		return nil
	}
	var out []op
	for _, o := range c.opsOf(callee) {
		if o.ch.Path.Root.Kind != access.Param {
			continue
		}
		// A callee's close counts only when it always closes: helpers
		// that close once (after checking a flag) are the usual reason
		// to close through a call.
		if o.kind == closeOp && !always(callee, o.instr) {
			continue
		}
		ref, ok := access.CallSite(call.Common()).Rebase(c.pass.Fset, o.ch, access.Storage)
		if !ok {
			continue
		}
		out = append(out, op{instr: call, kind: o.kind, ch: ref, viaCall: true})
	}
	return out
}

// always reports whether instr runs on every path through fn to a
// return (its block dominates every returning block), and is not itself
// a call's borrowed operation.
func always(fn *ssa.Function, instr ssa.Instruction) bool {
	returns := 0
	for _, b := range fn.Blocks {
		if b == fn.Recover || len(b.Instrs) == 0 {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			returns++
			if !instr.Block().Dominates(b) {
				return false
			}
		}
	}
	return returns > 0
}

func closeArg(call *ssa.CallCommon) (ssa.Value, bool) {
	if b, ok := call.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(call.Args) == 1 {
		return call.Args[0], true
	}
	return nil, false
}

func (c *checker) site(pos token.Pos) string { return locks.Site(c.pass.Fset, pos) }

// earlier orders positions by file and offset, which unlike token.Pos
// does not depend on the order the driver parsed files in.
func (c *checker) earlier(a, b token.Pos) bool {
	pa, pb := c.pass.Fset.Position(a), c.pass.Fset.Position(b)
	if pa.Filename != pb.Filename {
		return pa.Filename < pb.Filename
	}
	return pa.Offset < pb.Offset
}

func (c *checker) reportf(at ssa.Instruction, related []analysis.RelatedInformation, format string, args ...any) {
	report.Report(c.pass, analysis.Diagnostic{Pos: at.Pos(), Message: fmt.Sprintf(format, args...), Related: related})
}
