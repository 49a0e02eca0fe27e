package ctxleak

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssabuild"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// A stranded sender: a function with a context makes a channel, starts
// a goroutine that sends on it with no select on ctx.Done(), and can
// stop on ctx.Done() (or another signal) and return without receiving
// what the goroutine sends. The goroutine then blocks forever:
//
//	results := make(chan T)
//	go func() { results <- work() }()
//	select {
//	case r := <-results:
//	case <-ctx.Done():
//		return ctx.Err() // the goroutine is stranded
//	}

// checkAllStranded runs checkStranded on the package's functions
// when it imports context and starts goroutines.
func (c *checker) checkAllStranded() {
	if !importsContext(c.pass.Pkg) || !startsGoroutines(c.pass.Files) {
		return
	}
	prog := c.pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get()
	eff := c.pass.ResultOf[effects.Analyzer].(*effects.Result)
	table := c.pass.ResultOf[spawn.Analyzer].(*spawn.Table)
	idx := hb.NewIndex(c.pass.Fset).SpawnsBy(table.OfInstr)
	uses := c.classUses(prog.SrcFuncs)
	for _, fn := range prog.SrcFuncs {
		c.checkStranded(fn, eff, idx, uses)
	}
}

func startsGoroutines(files []*ast.File) bool {
	found := false
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			_, isGo := n.(*ast.GoStmt)
			found = found || isGo
			return !found
		})
	}
	return found
}

// checkStranded reports the goroutines fn starts that its returns can
// strand on a send.
func (c *checker) checkStranded(fn *ssa.Function, eff *effects.Result, idx *hb.Index, uses map[string]*chanUses) {
	if exempt(fn) {
		return // main.main: returning ends the process
	}
	spawnerCtx := ssautil.HasContext(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := idx.Spawn(instr)
			if !ok || !s.Kind.Concurrent() || s.Body() == nil {
				continue
			}
			if ssautil.HasContext(s.Body()) {
				c.checkSpawn(fn, s, eff, idx) // without one, chanleak reports it
			}
			if spawnerCtx || ssautil.HasContext(s.Body()) {
				c.checkStarved(s.Body(), s.Instr.Pos(), uses)
				c.checkUnreceived(s.Body(), s.Instr.Pos(), uses)
			}
		}
	}
}

// send is a bare send a spawned body makes on a channel of its spawner.
type send struct {
	pos      token.Pos
	repeated bool    // in a loop: it may send more than once
	runs     hb.Runs // how many times the body's sends on the channel run
	sites    []ssa.Instruction
}

func (c *checker) checkSpawn(fn *ssa.Function, s spawn.Spawn, eff *effects.Result, idx *hb.Index) {
	sends := c.bodySends(s, eff)
	locals := map[string]*ssa.MakeChan{}
	var made []*ssa.MakeChan
	for _, mc := range madeChans(fn) {
		if key, ok := c.localChan(fn, mc, s); ok {
			locals[key] = mc
			made = append(made, mc)
		}
	}
	for _, mc := range made {
		key, _ := c.localChan(fn, mc, s)
		snd, ok := sends[key]
		if !ok {
			continue
		}
		if !ssautil.Unbuffered(mc) && !overfills(s, mc, snd) {
			continue
		}
		receives, ok := c.receivesOf(fn, key, s, eff)
		if !ok || len(receives) == 0 {
			continue
		}
		keys := []string{key}
		for _, other := range c.insteadOf(fn, s, key, sends, locals, eff) {
			if more, ok := c.receivesOf(fn, other, s, eff); ok {
				keys = append(keys, other)
				receives = append(receives, more...)
			}
		}
		a, ok := idx.AbandonsAny(s, keys, receives, snd.repeated)
		if !ok {
			continue
		}
		name := c.chanName(mc)
		report.Report(c.pass, analysis.Diagnostic{
			Pos: snd.pos,
			Message: "the goroutine can block forever sending on " + name + ": its spawner can stop waiting (on another signal) and return without receiving from " + name +
				"; give the channel room for every send, or select on ctx.Done() around the send",
			Related: []analysis.RelatedInformation{
				report.Related(s.Instr.Pos(), "goroutine started here"),
				report.Related(a.Signal.Pos(), "the spawner stops waiting here"),
				report.Related(returnPos(fn, a.Return), "and returns here without receiving from %s", name),
			},
		})
	}
}

// bodySends lists, by key in the spawner's terms, the bare sends the
// body makes itself or in the functions it calls.
func (c *checker) bodySends(s spawn.Spawn, eff *effects.Result) map[string]send {
	out := map[string]send{}
	add := func(key string, snd send) {
		prev, seen := out[key]
		if !seen {
			out[key] = snd
			return
		}
		runs, sites := prev.runs.Plus(snd.runs), append(prev.sites, snd.sites...)
		if snd.repeated && !prev.repeated {
			prev = snd
		}
		prev.runs, prev.sites = runs, sites
		out[key] = prev
	}
	body := s.Body()
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Send:
				if r, ok := hb.Storage(c.pass.Fset, instr.Chan); ok {
					if key, ok := hb.Outer(c.pass.Fset, s, r); ok {
						add(key, send{instr.Pos(), ssautil.InLoop(b), hb.RunsOf(b), []ssa.Instruction{instr}})
					}
				}
			case ssa.CallInstruction:
				if _, isGo := instr.(*ssa.Go); isGo {
					continue
				}
				for _, op := range eff.AtKinds(instr, effects.ChanKinds) {
					if op.Kind != effects.ChanSend || op.Watched {
						continue
					}
					if key, ok := hb.Outer(c.pass.Fset, s, op.Ref); ok {
						inCallee := sendBlock(op.Callee, op.Pos())
						add(key, send{op.Pos(), ssautil.InLoop(b) || inCallee != nil && ssautil.InLoop(inCallee), hb.RunsOf(inCallee).Times(hb.RunsOf(b)), []ssa.Instruction{instr}})
					}
				}
			}
		}
	}
	return out
}

// sendBlock returns the block of fn's send at pos, or nil when fn
// does not make it itself (a deeper callee does).
func sendBlock(fn *ssa.Function, pos token.Pos) *ssa.BasicBlock {
	if fn == nil {
		return nil
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if snd, ok := instr.(*ssa.Send); ok && snd.Pos() == pos {
				return b
			}
		}
	}
	return nil
}

// overfills reports whether the sends snd counts can find the buffered
// channel mc full: they run without bound, or more times than its
// constant capacity. When the count depends on what the model cannot
// see (a loop left on an error or a ctx.Done() case, a loop over a
// variable), the buffer the author sized on purpose is given the
// benefit of the doubt: silence. A loop over the buffer's own size is
// such a count, and fits.
func overfills(s spawn.Spawn, mc *ssa.MakeChan, snd send) bool {
	size, known := ssautil.ChanSize(mc)
	if !known || !snd.repeated {
		return false
	}
	return snd.runs.Times(spawnsPerChannel(s, mc)).Exceeds(size)
}

// spawnsPerChannel bounds how many times s starts its body for one
// channel made by mc: once, unless s can run again without mc making a
// new channel in between.
func spawnsPerChannel(s spawn.Spawn, mc *ssa.MakeChan) hb.Runs {
	b := s.Instr.Block()
	if b == mc.Block() || !ssautil.Reaches(b, b, map[*ssa.BasicBlock]bool{mc.Block(): true}) {
		return hb.Once
	}
	return hb.RunsOf(b)
}

func madeChans(fn *ssa.Function) []*ssa.MakeChan {
	var out []*ssa.MakeChan
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeChan); ok {
				out = append(out, mc)
			}
		}
	}
	return out
}

// localChan returns the key of the channel mc when it stays in fn: held
// in a local variable (or the cell a closure captures), used only by
// channel operations, by s, and by calls to functions of the package;
// never closed, returned, stored elsewhere or handed to another
// goroutine. Anything else might receive from it.
func (c *checker) localChan(fn *ssa.Function, mc *ssa.MakeChan, s spawn.Spawn) (string, bool) {
	handles := []ssa.Value{mc}
	var cell *ssa.Alloc
	for _, r := range *mc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Val == mc {
			a, ok := st.Addr.(*ssa.Alloc)
			if !ok || cell != nil {
				return "", false
			}
			cell = a
		}
	}
	key := ""
	if cell != nil {
		for _, r := range *cell.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Val != mc {
					return "", false
				}
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return "", false
				}
				handles = append(handles, r)
			case *ssa.MakeClosure:
				if ssa.Value(r) != s.Fn {
					return "", false
				}
			case *ssa.DebugRef:
			default:
				return "", false
			}
		}
		ref, ok := access.RefOf(c.pass.Fset, cell)
		if !ok {
			return "", false
		}
		key = ref.Key
	} else {
		ref, ok := hb.Storage(c.pass.Fset, mc)
		if !ok {
			return "", false
		}
		key = ref.Key
	}
	for _, h := range handles {
		for _, r := range *h.Referrers() {
			if !c.localUse(fn, h, r, s) {
				return "", false
			}
		}
	}
	return key, true
}

// localUse reports whether r's use of the channel h keeps it in fn.
func (c *checker) localUse(fn *ssa.Function, h ssa.Value, r ssa.Instruction, s spawn.Spawn) bool {
	switch r := r.(type) {
	case *ssa.Send, *ssa.Select, *ssa.DebugRef:
		return true
	case *ssa.Store:
		return r.Val == h && r.Addr != nil && isCellOf(r.Addr, h)
	case *ssa.UnOp:
		return r.Op == token.ARROW
	case *ssa.MakeClosure:
		return ssa.Value(r) == s.Fn
	case ssa.CallInstruction:
		if r == s.Instr {
			return true
		}
		if _, ok := r.(*ssa.Go); ok {
			return false
		}
		common := r.Common()
		if b, ok := common.Value.(*ssa.Builtin); ok {
			return b.Name() == "len" || b.Name() == "cap"
		}
		callee := common.StaticCallee()
		return callee != nil && callee.Pkg == fn.Pkg && len(callee.Blocks) > 0
	}
	return false
}

func isCellOf(addr, h ssa.Value) bool {
	mc, ok := h.(*ssa.MakeChan)
	if !ok {
		return false
	}
	for _, r := range *mc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == addr {
			return true
		}
	}
	return false
}

// receivesOf lists fn's instructions that receive from key (itself or
// in calls); ok is false when fn closes it or another spawn uses it.
func (c *checker) receivesOf(fn *ssa.Function, key string, s spawn.Spawn, eff *effects.Result) ([]ssa.Instruction, bool) {
	var out []ssa.Instruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if instr == s.Instr {
				continue
			}
			for _, d := range effects.DirectOps(instr) {
				r, ok := hb.Storage(c.pass.Fset, d.Value)
				if !ok || r.Key != key {
					continue
				}
				switch d.Kind {
				case effects.ChanRecv:
					out = append(out, instr)
				case effects.ChanClose:
					return nil, false
				}
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := call.(*ssa.Go); isGo {
				continue
			}
			for _, op := range eff.AtKinds(call, effects.ChanKinds) {
				if op.Ref.Key != key {
					continue
				}
				switch op.Kind {
				case effects.ChanRecv:
					out = append(out, instr)
				case effects.ChanClose:
					return nil, false
				}
			}
		}
	}
	return out, true
}

// chanName is how the report names the channel: its variable.
func (c *checker) chanName(mc *ssa.MakeChan) string {
	for _, r := range *mc.Referrers() {
		if st, ok := r.(*ssa.Store); ok {
			if a, ok := st.Addr.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
		if d, ok := r.(*ssa.DebugRef); ok {
			if id, ok := d.Expr.(*ast.Ident); ok {
				return id.Name
			}
		}
	}
	return "the channel"
}
