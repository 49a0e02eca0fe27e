package mapaccess

import (
	_ "embed"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

//go:embed doc.go
var doc string

// Analyzer reports maps shared between goroutines without a lock.
var Analyzer = report.Wrap(&analysis.Analyzer{
	Name:     "mapaccess",
	Doc:      analysisdoc.MustExtract(doc, "mapaccess"),
	URL:      "https://github.com/concurlint/concurlint/tree/main/analyzers/mapaccess",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ssabuild.Analyzer, locks.Analyzer, spawn.Analyzer, effects.Analyzer},
	Run:      run,
})

func init() {
	spawn.RegisterFlag(Analyzer)
}

func run(pass *analysis.Pass) (any, error) {
	model := pass.ResultOf[locks.Analyzer].(*locks.Result)
	table := pass.ResultOf[spawn.Analyzer].(*spawn.Table)
	spawns := hasSpawns(pass, table)
	if !spawns && len(model.Flows) == 0 {
		return nil, nil // no goroutines and no locks: nothing to check
	}
	prog := pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get()
	c := &checker{pass: pass, model: model, effects: pass.ResultOf[effects.Analyzer].(*effects.Result), accesses: map[*ssa.Function][]access{}, guards: map[ssa.Instruction][]locks.Held{}, hb: hb.NewIndex(pass.Fset).SpawnsBy(table.OfInstr), spawns: table, escapes: map[*ssa.Function][]escaped{}, local: map[*ssa.Function][]escaped{}}
	if spawns {
		for _, fn := range prog.SrcFuncs {
			c.checkSpawns(fn)
		}
		c.checkRefreshers(prog.SrcFuncs)
		reported := map[string]bool{}
		for _, fn := range prog.SrcFuncs {
			c.checkEscapes(fn, reported)
		}
	}
	if len(model.Flows) > 0 {
		c.checkGuards(prog.SrcFuncs)
	}
	return nil, nil
}

// hasSpawns is a cheap syntactic check for go statements and calls that
// may start goroutines, so that packages without any skip SSA.
func hasSpawns(pass *analysis.Pass, table *spawn.Table) bool {
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range in.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		if call, ok := cur.Node().(*ast.CallExpr); !ok {
			return true
		} else if _, ok := table.OfCall(pass.TypesInfo, call); ok {
			return true
		}
	}
	return false
}

// access is one read or write of a map.
type access struct {
	instr ssa.Instruction
	write bool
	// mapRef names the map's storage in its function: a variable, a
	// captured variable, a parameter, a field path.
	mapRef locks.Ref
	// load is the instruction that read the map out of its storage,
	// when that is a separate step (m := s.m under the lock, ranged
	// over after Unlock): locks held there count as guarding.
	load ssa.Instruction
	// via is set for an access a callee makes (instr is the call).
	via *effects.Op
	// spawned is set for an access a function value passed to a go
	// statement makes (instr is the go statement): no lock the spawner
	// holds there guards it.
	spawned bool
}

// calleeRelated points at the operation a callee makes for an access
// through a call (none for a direct access).
func (a access) calleeRelated(name string) []analysis.RelatedInformation {
	if a.via == nil {
		return nil
	}
	return []analysis.RelatedInformation{report.Related(a.via.Pos(), "%s %s here, inside the call", name, a.verb())}
}

func (a access) verb() string {
	if a.write {
		return "written"
	}
	return "read"
}

type checker struct {
	pass     *analysis.Pass
	model    *locks.Result
	effects  *effects.Result
	accesses map[*ssa.Function][]access
	// guards memoises guardsOf: conflicts compare every pair of
	// accesses, and each lookup replays a block of the lock dataflow.
	guards map[ssa.Instruction][]locks.Held
	hb     *hb.Index
	spawns *spawn.Table // what starts a goroutine
	// escapes and local memoise escapedOf and localEscapes.
	escapes, local map[*ssa.Function][]escaped
}

// accessesOf lists fn's map accesses, in block order.
func (c *checker) accessesOf(fn *ssa.Function) []access {
	if list, ok := c.accesses[fn]; ok {
		return list
	}
	var list []access
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				list = append(list, c.calleeAccesses(call)...)
			}
			m, write, ok := mapOperand(instr)
			if !ok {
				continue
			}
			if ref, ok := c.storage(m); ok {
				a := access{instr: instr, write: write, mapRef: ref}
				if load, ok := m.(*ssa.UnOp); ok && load.Op == token.MUL && load.Block() != nil {
					a.load = load
				}
				list = append(list, a)
			}
		}
	}
	c.accesses[fn] = list
	return list
}

// calleeAccesses returns the map accesses the functions a call runs
// make, at the call, in the caller's terms.
func (c *checker) calleeAccesses(call ssa.CallInstruction) []access {
	var out []access
	ops := c.effects.AtKinds(call, effects.MapKinds)
	for i := range ops {
		op := &ops[i] // shared, never changed (AtKinds)
		if op.Kind != effects.MapRead && op.Kind != effects.MapWrite {
			continue
		}
		out = append(out, access{instr: call, write: op.Kind == effects.MapWrite, mapRef: op.Ref, via: op})
	}
	return out
}

// mapOperand recognises an instruction that accesses a map.
func mapOperand(instr ssa.Instruction) (m ssa.Value, write, ok bool) {
	for _, d := range effects.DirectOps(instr) {
		if d.Kind == effects.MapRead || d.Kind == effects.MapWrite {
			return d.Value, d.Kind == effects.MapWrite, true
		}
	}
	return nil, false, false
}

// storage names the variable or field a map value was loaded from, or
// the value itself when it is a parameter or another direct value.
func (c *checker) storage(m ssa.Value) (locks.Ref, bool) {
	return hb.Storage(c.pass.Fset, m)
}

// heldBefore returns the locks held on every path to instr, those every
// caller of its function holds around the call included (a helper that
// "Lock should be held" describes runs under its callers' lock).
func (c *checker) heldBefore(instr ssa.Instruction) []locks.Held {
	return c.model.HeldAround(instr)
}

// guardsOf returns the locks held at an access, or where its map was
// loaded from its storage, and for an access through a call those the
// callee holds there (one call makes several accesses, each under its
// own locks: the memo is the call's).
func (c *checker) guardsOf(a access) []locks.Held {
	if a.spawned {
		return a.via.Held
	}
	held, ok := c.guards[a.instr]
	if !ok {
		held = c.heldBefore(a.instr)
		if a.load != nil && a.load != a.instr {
			held = append(held, c.heldBefore(a.load)...)
		}
		c.guards[a.instr] = held
	}
	if a.via != nil {
		return append(held[:len(held):len(held)], a.via.Held...)
	}
	return held
}

// commonLock returns a lock class held at both accesses, if any.
func commonLock(a, b []locks.Held) (string, bool) {
	for _, x := range a {
		for _, y := range b {
			if x.Ref.Class != "" && x.Ref.Class == y.Ref.Class {
				return x.Ref.Class, true
			}
		}
	}
	return "", false
}
