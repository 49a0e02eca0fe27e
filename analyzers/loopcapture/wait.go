package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// The goroutine model (internal/hb) decides whether the loop waits for
// a spawn before it writes the variable again; this file finds, in the
// enclosing function's SSA form, the spawn, the loop's writes to the
// variable and the body's uses of it, and asks.

// joinedBeforeNextWrite reports whether every path from the spawn at
// site to each of l's writes to v (the assignments that start its next
// iteration) waits for the spawned work, after the work's last use of
// v: then the work cannot observe a later value. fn is the function
// declaration or literal holding the loop. Code the SSA form does not
// show as expected is left alone (joined).
func (c *checker) joinedBeforeNextWrite(fn ast.Node, site spawn.Site, v *types.Var, l loop) bool {
	f, s, ok := c.spawnIn(fn, site)
	if !ok {
		return true
	}
	cell := variable(f, v)
	if cell == nil {
		return true
	}
	uses := bodyUses(s, cell)
	for _, w := range loopWrites(f, cell, l) {
		if !c.index().Joined(s, uses, w) {
			return false
		}
	}
	return true
}

// joined reports whether the spawn at site has been waited for before
// the loop l writes v again: by the loop's own function fn, or, for a
// loop around a literal run during the iteration, by fn (that literal)
// before it returns.
func (c *checker) joined(fn ast.Node, site spawn.Site, v *types.Var, l loop) bool {
	if l.through {
		// The loop's own body may wait too (the literal adds to a
		// WaitGroup the loop waits on): precision first, any wait
		// or receive there counts.
		return c.joinedBeforeReturn(fn, site) || spawn.WaitsIn(c.pass.TypesInfo, l.body)
	}
	return c.joinedBeforeNextWrite(fn, site, v, l)
}

// joinedBeforeReturn reports whether every path from the spawn at site
// to a return of fn waits for the spawned work. Code the SSA form does
// not show as expected is left alone (joined).
func (c *checker) joinedBeforeReturn(fn ast.Node, site spawn.Site) bool {
	f, s, ok := c.spawnIn(fn, site)
	if !ok {
		return true
	}
	for _, b := range f.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && !c.index().Joined(s, nil, ret) {
			return false
		}
	}
	return true
}

// spawnIn returns the SSA function of fn and its spawn at site.
func (c *checker) spawnIn(fn ast.Node, site spawn.Site) (*ssa.Function, spawn.Spawn, bool) {
	f := c.ssaFunc(fn)
	if f == nil {
		return nil, spawn.Spawn{}, false
	}
	s, ok := c.spawnAt(f, site.Node)
	return f, s, ok
}

// model is the package's goroutine model, built for the pass once a
// spawn needs it: its SSA functions by syntax and the hb index.
type model struct {
	pass  *analysis.Pass
	funcs map[ast.Node]*ssa.Function
	hb    *hb.Index
}

// ssaFunc returns the SSA function of a declaration or literal.
func (c *checker) ssaFunc(n ast.Node) *ssa.Function {
	m := c.model
	if m.funcs == nil {
		m.funcs = map[ast.Node]*ssa.Function{}
		for _, f := range m.pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get().SrcFuncs {
			if syntax := f.Syntax(); syntax != nil {
				m.funcs[syntax] = f
			}
		}
	}
	return m.funcs[n]
}

func (c *checker) index() *hb.Index {
	if c.model.hb == nil {
		c.model.hb = hb.NewIndex(c.pass.Fset).SpawnsBy(c.spawns.OfInstr)
	}
	return c.model.hb
}

// spawnAt finds the spawn of f made by a go statement or spawner call.
func (c *checker) spawnAt(f *ssa.Function, n ast.Node) (spawn.Spawn, bool) {
	var pos token.Pos
	switch n := n.(type) {
	case *ast.GoStmt:
		pos = n.Go
	case *ast.CallExpr:
		pos = n.Lparen
	default:
		return spawn.Spawn{}, false
	}
	for _, b := range f.Blocks {
		for _, instr := range b.Instrs {
			if instr.Pos() != pos {
				continue
			}
			if s, ok := c.index().Spawn(instr); ok {
				return s, true
			}
		}
	}
	return spawn.Spawn{}, false
}

// variable returns the cell that holds v in f: a loop variable that a
// closure captures or whose address is taken lives in one; a
// package-level variable is its global.
func variable(f *ssa.Function, v *types.Var) ssa.Value {
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		if p := f.Prog.Package(v.Pkg()); p != nil {
			if g := p.Var(v.Name()); g != nil {
				return g
			}
		}
		return nil
	}
	for _, b := range f.Blocks {
		for _, instr := range b.Instrs {
			if a, ok := instr.(*ssa.Alloc); ok && a.Pos() == v.Pos() && a.Comment == v.Name() {
				return a
			}
		}
	}
	return nil
}

// loopWrites lists the stores to cell that advance loop l: a range
// loop's assignments to its key and value, a for loop's post statement,
// or, for a for loop without one, the stores in its body.
func loopWrites(f *ssa.Function, cell ssa.Value, l loop) []ssa.Instruction {
	from, to := l.stmt.Pos(), l.body.Lbrace
	if s, ok := l.stmt.(*ast.ForStmt); ok {
		from, to = l.body.Lbrace, l.body.End()
		if s.Post != nil {
			from, to = s.Post.Pos(), s.Post.End()
		}
	}
	var writes []ssa.Instruction
	for _, r := range operandUses(f, cell) {
		if st, ok := r.(*ssa.Store); ok && st.Addr == cell && from <= st.Pos() && st.Pos() < to {
			writes = append(writes, st)
		}
	}
	return writes
}

// bodyUses lists the instructions of the spawned body that use the
// variable in cell: through the closure's captured variable, or a
// parameter the spawn passes its address (or a part of it) to.
func bodyUses(s spawn.Spawn, cell ssa.Value) []ssa.Instruction {
	body := s.Body()
	if body == nil {
		return nil
	}
	var uses []ssa.Instruction
	if _, ok := cell.(*ssa.Global); ok {
		// A global is not captured: the body names it.
		for _, u := range operandUses(body, cell) {
			uses = append(uses, u)
			if v, ok := u.(ssa.Value); ok {
				uses = append(uses, usesOf(v, 1)...)
			}
		}
	}
	if mc, ok := s.Fn.(*ssa.MakeClosure); ok {
		for i, b := range mc.Bindings {
			if b == ssa.Value(cell) && i < len(body.FreeVars) {
				uses = append(uses, usesOf(body.FreeVars[i], 0)...)
			}
		}
	}
	for i, a := range s.Args {
		if within(a, cell) && i < len(body.Params) {
			uses = append(uses, usesOf(body.Params[i], 0)...)
		}
	}
	return uses
}

// within reports whether address a points into cell (&v, &v.f, &v[i]).
func within(a ssa.Value, cell ssa.Value) bool {
	for {
		switch x := a.(type) {
		case *ssa.Alloc, *ssa.Global:
			return x == cell
		case *ssa.FieldAddr:
			a = x.X
		case *ssa.IndexAddr:
			a = x.X
		default:
			return false
		}
	}
}

// usesOf lists the instructions that use v, and those that use the
// addresses of its parts.
func usesOf(v ssa.Value, depth int) []ssa.Instruction {
	refs := v.Referrers()
	if refs == nil || depth > 4 {
		return nil
	}
	var out []ssa.Instruction
	for _, r := range *refs {
		out = append(out, r)
		switch r := r.(type) {
		case *ssa.FieldAddr:
			out = append(out, usesOf(r, depth+1)...)
		case *ssa.IndexAddr:
			out = append(out, usesOf(r, depth+1)...)
		}
	}
	return out
}

// operandUses lists the instructions of f that use v: its referrers,
// or, for a global (which records none), every instruction naming it.
func operandUses(f *ssa.Function, v ssa.Value) []ssa.Instruction {
	if refs := v.Referrers(); refs != nil {
		return *refs
	}
	var out []ssa.Instruction
	var ops []*ssa.Value
	for _, b := range f.Blocks {
		for _, instr := range b.Instrs {
			for _, op := range instr.Operands(ops[:0]) {
				if op != nil && *op == v {
					out = append(out, instr)
					break
				}
			}
		}
	}
	return out
}
