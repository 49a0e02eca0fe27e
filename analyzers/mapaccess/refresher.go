package mapaccess

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	accesspath "github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// A refresher: a constructor or method starts a goroutine running a
// method of its object (go t.refresh()) that keeps writing one of the
// object's maps in a loop, and returns without waiting for it. From
// then on the goroutine writes while the type's exported methods may
// run on any goroutine: one that reads or writes that map races with
// it. (A goroutine that writes under a lock is left to the guarded-by
// inference, which reports the accesses that skip the lock.)
//
//	func New() *Cache {
//		c := &Cache{m: map[string]int{}}
//		go c.refresh() // writes c.m every minute
//		return c
//	}
//	func (c *Cache) Get(k string) int { return c.m[k] } // reported

// refresher is a goroutine that outlives its spawner and writes maps
// of its receiver.
type refresher struct {
	spawn  spawn.Spawn
	body   *ssa.Function // a method of *T
	writes []access      // in a loop of the body, on paths from its receiver
}

// checkRefreshers reports exported methods of a type that access a map
// a refresher of the same type writes, with no common lock.
func (c *checker) checkRefreshers(funcs []*ssa.Function) {
	byType := map[*types.Named][]refresher{}
	for _, fn := range funcs {
		for _, r := range c.refreshersIn(fn) {
			t := receiverNamed(r.body)
			byType[t] = append(byType[t], r)
		}
	}
	if len(byType) == 0 {
		return
	}
	reported := map[string]bool{}
	for _, fn := range funcs {
		t := receiverNamed(fn)
		if t == nil || len(byType[t]) == 0 || !token.IsExported(fn.Name()) || fn.Synthetic != "" || teardown(fn) {
			continue
		}
		for _, r := range byType[t] {
			if r.body == fn || r.spawn.Instr.Parent() == fn {
				continue // the spawner itself is checkSpawns' business
			}
			c.checkMethod(fn, r, reported)
		}
	}
}

// refreshersIn lists the spawns of fn that run a method of an object
// on a new goroutine, are not waited for before fn returns, and write a
// map of the object in a loop.
func (c *checker) refreshersIn(fn *ssa.Function) []refresher {
	var out []refresher
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := c.hb.Spawn(instr)
			if !ok || s.Kind != spawn.Goroutine {
				continue
			}
			body := s.Body()
			if body == nil || receiverNamed(body) == nil || len(s.Args) == 0 || c.joinedBeforeReturn(fn, s) {
				continue
			}
			var writes []access
			for _, a := range c.accessesOf(body) {
				// A write under a lock is the guarded-by inference's:
				// it reports the accesses that skip that lock.
				if a.write && fromReceiver(a) && ssautil.InLoop(a.instr.Block()) && len(c.guardsOf(a)) == 0 {
					writes = append(writes, a)
				}
			}
			if len(writes) > 0 {
				out = append(out, refresher{s, body, writes})
			}
		}
	}
	return out
}

// joinedBeforeReturn reports whether fn waits for s's body before
// every return.
func (c *checker) joinedBeforeReturn(fn *ssa.Function, s spawn.Spawn) bool {
	for _, b := range ssautil.Returns(fn) {
		ret, _ := ssautil.ReturnOf(b)
		if !c.hb.Joined(s, nil, ret) {
			return false
		}
	}
	return true
}

// fromReceiver reports whether an access's map is reached from its
// function's receiver (parameter 0 of a method).
func fromReceiver(a access) bool {
	root := a.mapRef.Path.Root
	return root.Kind == accesspath.Param && root.Index == 0 && len(a.mapRef.Path.Steps) > 0
}

// receiverNamed returns the named type of fn's pointer receiver.
func receiverNamed(fn *ssa.Function) *types.Named {
	recv := fn.Signature.Recv()
	if recv == nil {
		return nil
	}
	ptr, ok := recv.Type().(*types.Pointer)
	if !ok {
		return nil
	}
	named, _ := types.Unalias(ptr.Elem()).(*types.Named)
	if named != nil {
		named = named.Origin()
	}
	return named
}

// checkMethod reports the first access of the exported method m to a
// map r writes, with no lock in common.
func (c *checker) checkMethod(m *ssa.Function, r refresher, reported map[string]bool) {
	for _, y := range c.accessesOf(m) {
		if !fromReceiver(y) {
			continue
		}
		for _, x := range r.writes {
			if x.mapRef.Key != y.mapRef.Key || !c.conflict(x, nil, y, nil) {
				continue
			}
			dedup := fmt.Sprint(m.Pos(), "|", y.mapRef.Key)
			if reported[dedup] {
				return
			}
			reported[dedup] = true
			c.reportRefresher(m, r, x, y)
			return
		}
	}
}

func (c *checker) reportRefresher(m *ssa.Function, r refresher, x, y access) {
	pos := y.instr.Pos()
	if y.via != nil && !pos.IsValid() {
		pos = y.via.Pos()
	}
	msg := fmt.Sprintf("map %s is %s by the exported method %s while the goroutine running %s, started at %s and never waited for, writes it, with no common lock: concurrent map %s is a fatal runtime error; guard every access with one mutex",
		y.mapRef.Name(), y.verb(), m.Name(), r.body.Name(), c.site(r.spawn.Instr.Pos()), raceKind(true, y.write))
	related := []analysis.RelatedInformation{
		report.Related(c.writePos(x), "%s written here by the goroutine", x.mapRef.Name()),
		report.Related(r.spawn.Instr.Pos(), "goroutine started here"),
	}
	report.Report(c.pass, analysis.Diagnostic{Pos: pos, Message: msg, Related: append(related, y.calleeRelated(y.mapRef.Name())...)})
}

func (c *checker) writePos(x access) token.Pos {
	if x.via != nil {
		return x.via.Pos()
	}
	return x.instr.Pos()
}
