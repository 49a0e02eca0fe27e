package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/concurlint/concurlint/internal/spawn"
)

// cfgCache holds the control-flow graphs built so far, one per function
// body; they are built only for bodies that contain a spawn in a loop.
type cfgCache map[*ast.BlockStmt]*cfg.CFG

func (c *checker) cfgOf(body *ast.BlockStmt) *cfg.CFG {
	if c.cfgs == nil {
		c.cfgs = make(cfgCache)
		c.selects = make(map[*ast.CommClause]*ast.SelectStmt)
		c.comms = make(map[ast.Node]bool)
	}
	g, ok := c.cfgs[body]
	if !ok {
		g = cfg.New(body, func(*ast.CallExpr) bool { return true })
		c.cfgs[body] = g
		ast.Inspect(body, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectStmt); ok {
				for _, cc := range s.Body.List {
					c.selects[cc.(*ast.CommClause)] = s
					if comm := cc.(*ast.CommClause).Comm; comm != nil {
						c.comms[comm] = true
					}
				}
			}
			return true
		})
	}
	return g
}

// The cfg package evaluates every case's communication of a select in
// the block before the select, then branches to a body block per case
// (KindSelectCaseBody) and, when that case is not chosen, to an "after
// case" block that tests the next one. A receive therefore waits only
// on the path into its case's body, and a blocking select (no default)
// cannot fall past its last case.

// isComm reports whether n is the communication of a select case.
func (c *checker) isComm(n ast.Node) bool { return c.comms[n] }

// caseWaits reports whether b is the body of a select case whose
// communication waits for the spawn.
func (c *checker) caseWaits(b *cfg.Block, j joins) bool {
	cc, ok := b.Stmt.(*ast.CommClause)
	return ok && b.Kind == cfg.KindSelectCaseBody && cc.Comm != nil && j.anyIn(c.pass.TypesInfo, []ast.Node{cc.Comm}, nil)
}

// noCaseLeft reports whether b is the impossible path of a blocking
// select on which none of its cases ran.
func (c *checker) noCaseLeft(b *cfg.Block) bool {
	cc, ok := b.Stmt.(*ast.CommClause)
	if !ok || b.Kind != cfg.KindSelectAfterCase {
		return false
	}
	s := c.selects[cc]
	if s == nil {
		return false
	}
	last := ast.Stmt(nil)
	for _, x := range s.Body.List {
		if x.(*ast.CommClause).Comm == nil {
			return false // a default runs instead
		}
		last = x
	}
	return last == cc
}

// joinedBeforeNextIteration reports whether every path from the spawn
// to the end of l's current iteration waits for the spawned work, so
// that the work cannot observe the loop's next assignment to l's
// variables. lit is the spawned literal, if there is one.
//
// A signal inside lit (Done, a send, a close) joins only if it comes
// after lit's last use of the variable, or is deferred: a goroutine that
// signals first and reads afterwards still races with the loop.
func (c *checker) joinedBeforeNextIteration(body *ast.BlockStmt, site spawn.Site, lit *ast.FuncLit, l loop, lastUse token.Pos) bool {
	if body == nil {
		return false
	}
	g := c.cfgOf(body)
	start, index := locate(g, site.Node)
	if start == nil {
		return true // not found in the graph: stay silent
	}
	joins := c.joinsFor(site, lit, lastUse)
	// Search for a path to the loop's continue point that passes no join.
	seen := map[*cfg.Block]bool{start: true}
	type item struct {
		block *cfg.Block
		from  int
	}
	work := []item{{start, index + 1}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if joins.anyIn(c.pass.TypesInfo, it.block.Nodes[it.from:], c.isComm) {
			continue
		}
		for _, succ := range it.block.Succs {
			if c.caseWaits(succ, joins) || c.noCaseLeft(succ) {
				continue
			}
			if isIterationEnd(succ, l.stmt) {
				return false
			}
			if !seen[succ] {
				seen[succ] = true
				work = append(work, item{succ, 0})
			}
		}
	}
	return true
}

// locate finds the block and index of the smallest node holding n.
func locate(g *cfg.CFG, n ast.Node) (*cfg.Block, int) {
	var block *cfg.Block
	index := 0
	for _, b := range g.Blocks {
		for i, node := range b.Nodes {
			if node.Pos() <= n.Pos() && n.End() <= node.End() &&
				(block == nil || node.End()-node.Pos() < block.Nodes[index].End()-block.Nodes[index].Pos()) {
				block, index = b, i
			}
		}
	}
	return block, index
}

// isIterationEnd reports whether b is where loop's next iteration
// begins: its post statement, else its condition, else its body.
func isIterationEnd(b *cfg.Block, loop ast.Stmt) bool {
	if b.Stmt != loop {
		return false
	}
	switch s := loop.(type) {
	case *ast.RangeStmt:
		return b.Kind == cfg.KindRangeLoop
	case *ast.ForStmt:
		switch {
		case s.Post != nil:
			return b.Kind == cfg.KindForPost
		case s.Cond != nil:
			return b.Kind == cfg.KindForLoop
		default:
			return b.Kind == cfg.KindForBody
		}
	}
	return false
}

// joins describes what counts as waiting for one spawn.
type joins struct {
	groups   map[string]bool // Wait receivers that join it
	channels map[string]bool // channels it sends on or closes
	anyWait  bool            // nothing identifies its group: any Wait joins it
}

func (c *checker) joinsFor(site spawn.Site, lit *ast.FuncLit, lastUse token.Pos) joins {
	j := joins{groups: make(map[string]bool), channels: make(map[string]bool)}
	if site.Group != nil {
		j.groups[exprKey(site.Group)] = true
	}
	signals := false
	if lit != nil {
		signals = c.collectSignals(lit.Body, false, lastUse, &j)
	}
	j.anyWait = site.Group == nil && !signals
	return j
}

// collectSignals records the WaitGroups n calls Done on and the
// channels it sends on or closes, after lastUse or in a deferred call.
// It reports whether n signals at all, early or late.
func (c *checker) collectSignals(n ast.Node, deferred bool, lastUse token.Pos, j *joins) bool {
	info := c.pass.TypesInfo
	signals := false
	ast.Inspect(n, func(n ast.Node) bool {
		var key string
		var groups map[string]bool
		switch n := n.(type) {
		case *ast.DeferStmt:
			if !deferred {
				signals = c.collectSignals(n.Call, true, lastUse, j) || signals
				return false
			}
		case *ast.SendStmt:
			key, groups = exprKey(n.Chan), j.channels
		case *ast.CallExpr:
			if g, ok := spawn.Done(info, n); ok {
				key, groups = exprKey(g), j.groups
			} else if isBuiltin(info, n, "close") && len(n.Args) == 1 {
				key, groups = exprKey(n.Args[0]), j.channels
			}
		}
		if groups != nil {
			signals = true
			// The signal happens once its operands are evaluated:
			// ch <- f(x) sends after reading x.
			if deferred || n.End() > lastUse {
				groups[key] = true
			}
		}
		return true
	})
	return signals
}

// anyIn reports whether one of nodes waits for the spawn. Function
// literals are not entered: their bodies do not run here. Nodes for
// which skip is true (a select's communications) are not looked at.
func (j joins) anyIn(info *types.Info, nodes []ast.Node, skip func(ast.Node) bool) bool {
	found := false
	for _, node := range nodes {
		if skip != nil && skip(node) {
			continue
		}
		ast.Inspect(node, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if g, ok := spawn.Join(info, n); ok && (j.anyWait || j.groups[exprKey(g)]) {
					found = true
				}
			case *ast.UnaryExpr:
				if n.Op == token.ARROW && j.channels[exprKey(n.X)] {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// exprKey names a group or channel expression for matching; &wg and wg
// are the same group.
func exprKey(e ast.Expr) string {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	return types.ExprString(e)
}

func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
