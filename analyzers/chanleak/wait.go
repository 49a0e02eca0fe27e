package chanleak

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// Shape 5, a wait that cannot return: wg.Wait() for a goroutine counted
// by wg.Add before it starts that can return without calling wg.Done
// (hb.MissedDone: an early return, a branch without it, no defer).
//
// The Wait is the spawner's own, after the spawn, on the same group;
// for a group in a struct field (s.wg.Add(1); go s.run()), any Wait on
// that field in the package (Stop's s.wg.Wait()). With no Wait in
// sight there is nobody to block: silent.
func (c *checker) checkWaits(funcs []*ssa.Function) {
	pass, x := c.pass, c.hb
	var fieldWaits map[string][]ssa.Instruction
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				s, ok := x.Spawn(instr)
				if !ok {
					continue
				}
				u, ok := x.MissedDone(s)
				if !ok {
					continue
				}
				group, ok := hb.Storage(pass.Fset, u.Group)
				if !ok {
					continue
				}
				var waits []ssa.Instruction
				if isField(group) {
					if fieldWaits == nil {
						fieldWaits = waitsOnFields(pass, funcs)
					}
					waits = fieldWaits[group.Class]
				} else {
					waits = waitsAfter(pass, s, group.Key)
				}
				for _, w := range waits {
					c.reportWait(w, s, u, group.Name())
				}
			}
		}
	}
}

// waitsAfter lists the spawner's Waits on the group key that can run
// after the spawn.
func waitsAfter(pass *analysis.Pass, s spawn.Spawn, key string) []ssa.Instruction {
	var out []ssa.Instruction
	for _, b := range s.Instr.Parent().Blocks {
		for _, instr := range b.Instrs {
			if k, group, ok := hb.JoinKey(pass.Fset, instr); ok && group && k == key && hb.Reaches(s.Instr, instr) {
				out = append(out, instr)
			}
		}
	}
	return out
}

// waitsOnFields lists the package's Waits on groups in struct fields,
// by field.
func waitsOnFields(pass *analysis.Pass, funcs []*ssa.Function) map[string][]ssa.Instruction {
	out := map[string][]ssa.Instruction{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				g, ok := spawn.JoinOf(instr)
				if !ok {
					continue
				}
				if ref, ok := hb.Storage(pass.Fset, g); ok && isField(ref) {
					out[ref.Class] = append(out[ref.Class], instr)
				}
			}
		}
	}
	return out
}

func (c *checker) reportWait(wait ssa.Instruction, s spawn.Spawn, u hb.Undone, group string) {
	related := []analysis.RelatedInformation{
		report.Related(ssautil.ReturnPos(s.Body(), u.Return), "the goroutine returns here without calling %s.Done()", group),
		report.Related(s.Instr.Pos(), "the goroutine starts here, counted by %s.Add", group),
	}
	c.reportf(wait, related, nil, "%s.Wait() never returns if the goroutine it counts returns without calling %s.Done(): call it with defer at the start of the goroutine", group, group)
}

// checkPartners runs the shapes whose partner is already gone or never
// comes: run loops that have left (runloop.go), Waits for goroutines
// that cannot finish (wait.go, waitsend.go).
func (c *checker) checkPartners(funcs []*ssa.Function) {
	c.checkRunLoops(funcs)
	c.checkWaits(funcs)
	c.checkWaitSends(funcs)
}

// importsSync is the cheap check for the Wait shapes: a package with no
// channel type of its own may still wait on a WaitGroup.
func importsSync(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == "sync" {
			return true
		}
	}
	return false
}
