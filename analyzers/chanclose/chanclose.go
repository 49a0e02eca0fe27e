package chanclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/astutil"
	"github.com/concurlint/concurlint/internal/effects"
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
	Requires: []*analysis.Analyzer{inspect.Analyzer, ssabuild.Analyzer, locks.Flows, spawn.Analyzer, effects.Analyzer},
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
	c := &checker{pass: pass, model: pass.ResultOf[locks.Flows].(*locks.Result), effects: pass.ResultOf[effects.Analyzer].(*effects.Result), ops: map[*ssa.Function][]op{}, hb: hb.NewIndex(pass.Fset).SpawnsBy(pass.ResultOf[spawn.Analyzer].(*spawn.Table).OfInstr), reported: map[ssa.Instruction]bool{}}
	for _, fn := range prog.SrcFuncs {
		c.checkPaths(fn)
		c.checkBodies(fn)
	}
	c.checkFields(prog.SrcFuncs)
	for _, fn := range prog.SrcFuncs {
		c.checkLoopCloses(fn)
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
	// call), and via holds the callee's effect.
	viaCall bool
	via     *effects.Op
}

type checker struct {
	pass    *analysis.Pass
	model   *locks.Result
	effects *effects.Result
	ops     map[*ssa.Function][]op
	hb      *hb.Index
	// reported holds the operations reported at, one report each.
	reported map[ssa.Instruction]bool
}

// opsOf lists fn's channel operations in block order, with those the
// functions it calls make on channels it can name (at the call), so
// that a body sending through a helper counts as a sender.
func (c *checker) opsOf(fn *ssa.Function) []op {
	if list, ok := c.ops[fn]; ok {
		return list
	}
	var list []op
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				list = append(list, c.calleeOps(call)...)
			}
			for _, d := range effects.DirectOps(instr) {
				k, ok := kinds[d.Kind]
				if !ok {
					continue
				}
				if ref, ok := hb.Storage(c.pass.Fset, d.Value); ok {
					list = append(list, op{instr: instr, kind: k, ch: ref, deferred: d.Deferred})
				}
			}
		}
	}
	c.ops[fn] = list
	return list
}

var kinds = map[effects.Kind]opKind{effects.ChanSend: send, effects.ChanRecv: recv, effects.ChanClose: closeOp}

// calleeOps returns the channel operations of the functions a call
// runs, at the call, in the caller's terms.
func (c *checker) calleeOps(call ssa.CallInstruction) []op {
	var out []op
	ops := c.effects.AtKinds(call, effects.ChanKinds)
	for i := range ops {
		e := &ops[i] // shared, never changed (AtKinds)
		k, ok := kinds[e.Kind]
		if !ok {
			continue
		}
		_, deferred := call.(*ssa.Defer)
		out = append(out, op{instr: call, kind: k, ch: e.Ref, deferred: deferred, viaCall: true, via: e})
	}
	return out
}

// unconditional reports whether an operation is the function's own, or
// a callee's made on every path and not guarded to run once: helpers
// that close once (after checking a flag) are the usual reason to close
// through a call.
func (o op) unconditional() bool {
	return o.via == nil || !o.via.May && !o.via.Once
}

func (c *checker) site(pos token.Pos) string { return locks.Site(c.pass.Fset, pos) }

// reportf reports at an operation; one a callee makes also points at
// the callee's operation.
func (c *checker) reportf(at op, related []analysis.RelatedInformation, format string, args ...any) {
	if at.via != nil {
		verb := map[opKind]string{send: "sent on", recv: "received from", closeOp: "closed"}[at.kind]
		related = append(related, report.Related(at.via.Pos(), "%s %s here, inside the call", at.ch.Name(), verb))
	}
	c.reported[at.instr] = true
	report.Report(c.pass, analysis.Diagnostic{Pos: at.instr.Pos(), Message: fmt.Sprintf(format, args...), Related: related})
}
