package hb_test

import (
	"go/constant"
	"go/token"
	"go/types"
	"sync"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssatest"
)

// The programs below mark points with mark("name"): in a spawned body,
// mark("use") is the body's work (what a join must wait for); in the
// spawner, the other names are the points the tests ask about.

const errgroupSrc = `package errgroup

type Group struct{}

func (g *Group) Go(f func() error) {}
func (g *Group) Wait() error        { return nil }
`

const programSrc = `package p

import (
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"
)

func mark(string) {}

func waitGroup() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("use")
	}()
	mark("before")
	wg.Wait()
	mark("after")
}

// Issue 14: a goroutine that nothing identifies a group for is not
// joined by whatever Wait comes next.
func unrelatedWait(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
			mark("use")
			_ = x
		}()
		wg.Wait()
		mark("after")
	}
}

func otherGroup() {
	var wg, other sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("use")
	}()
	other.Wait()
	mark("after")
	wg.Wait()
}

func addCountsIt() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg)
	wg.Wait()
	mark("after")
}

func worker(wg *sync.WaitGroup) {
	mark("use")
	wg.Done()
}

func doneBeforeUse() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		mark("use")
	}()
	wg.Wait()
	mark("after")
}

func waitOnSomePaths(cond bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("use")
	}()
	if cond {
		wg.Wait()
	}
	mark("after")
}

func errgroupWait() error {
	var g errgroup.Group
	g.Go(func() error {
		mark("use")
		return nil
	})
	err := g.Wait()
	mark("after")
	return err
}

func waitGroupGo() {
	var wg sync.WaitGroup
	wg.Go(func() {
		mark("use")
	})
	mark("before")
	wg.Wait()
	mark("after")
}

func received() {
	done := make(chan struct{})
	go func() {
		mark("use")
		close(done)
	}()
	mark("before")
	<-done
	mark("after")
}

func receivedInIfInit() error {
	errc := make(chan error)
	go func() {
		mark("use")
		errc <- nil
	}()
	if err := <-errc; err != nil {
		return err
	}
	mark("after")
	return nil
}

func rangeOverChannel() {
	ch := make(chan int)
	go func() {
		defer close(ch)
		mark("use")
		ch <- 1
	}()
	for v := range ch {
		_ = v
	}
	mark("after")
}

func selectCase(quit chan bool) {
	done := make(chan bool)
	go func() {
		mark("use")
		done <- true
	}()
	select {
	case <-done:
		mark("received")
	case <-quit:
		mark("quit")
	}
}

// The other case ends the test's goroutine: only a path that received
// goes on.
func selectOrFatal(t *testing.T, timeout chan bool) {
	done := make(chan bool)
	go func() {
		mark("use")
		done <- true
	}()
	select {
	case <-done:
	case <-timeout:
		t.Fatal("stuck")
	}
	mark("after")
}

// t.Fatal runs the deferred calls while the body may still run.
func deferredAtFatal(t *testing.T, timeout chan bool) {
	defer mark("deferred")
	done := make(chan bool)
	go func() {
		mark("use")
		done <- true
	}()
	select {
	case <-done:
	case <-timeout:
		t.Fatal("stuck")
	}
}

func sendsBeforeUse() {
	done := make(chan bool)
	go func() {
		done <- true
		mark("use")
	}()
	<-done
	mark("after")
}

func relayedByHelper() {
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("use")
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	<-done
	mark("after")
}

func relayedFanIn(xs []int) {
	var wg sync.WaitGroup
	results := make(chan int)
	for range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark("use")
			results <- 1
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	mark("before")
	for r := range results {
		mark("ranging") // other workers may still run
		_ = r
	}
	mark("after")
}

func relayedCommaOk() {
	var wg sync.WaitGroup
	results := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("use")
		results <- 1
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	for {
		r, ok := <-results
		if !ok {
			break
		}
		_ = r
	}
	mark("after")
}

func relayedSelect(xs []int, quit chan bool) {
	var wg sync.WaitGroup
	results := make(chan int)
	for range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark("use")
			results <- 1
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
loop:
	for {
		select {
		case r, ok := <-results:
			if !ok {
				break loop
			}
			mark("selected")
			_ = r
		case <-quit:
			return
		}
	}
	mark("after")
}

func relayedCountedOtherwise(xs []int) {
	var wg sync.WaitGroup
	results := make(chan int)
	for range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark("use")
			results <- 1
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	n := 0
	for {
		<-results
		n++
		if n == len(xs) {
			break
		}
	}
	mark("after")
}

func countedReceives(hosts []string) {
	ch := make(chan string)
	for _, h := range hosts {
		go func(h string) {
			mark("use")
			ch <- h
		}(h)
	}
	for range hosts {
		<-ch
	}
	mark("after")
}

func deliverTo(ch chan<- int) { ch <- 1 }

func sendVia(ch chan int) {
	mark("use")
	deliverTo(ch)
}

func receivedViaHelper() {
	ch := make(chan int)
	go sendVia(ch)
	<-ch
	mark("after")
}

func countedSenders() {
	ch := make(chan bool)
	for range 10 {
		go func() {
			mark("use")
			ch <- true
		}()
	}
	for range 10 {
		go func() { ch <- false }()
	}
	for range 20 {
		<-ch
	}
	mark("after")
}

func stepBarrier() {
	end := make([]sync.WaitGroup, 4)
	for i := 0; i < 4; i++ {
		end[i].Add(2)
	}
	for range 2 {
		go func() {
			mark("use")
			for i := 0; i < 4; i++ {
				end[i].Done()
			}
		}()
	}
	for i := 0; i < 4; i++ {
		end[i].Wait()
	}
	mark("after")
}

func ownStep() {
	end := make([]sync.WaitGroup, 4)
	for i := 0; i < 4; i++ {
		end[i].Add(1)
		go func(i int) {
			mark("use")
			end[i].Done()
		}(i)
	}
	end[0].Wait() // one body's
	mark("after")
}

func tooFewReceives() {
	ch := make(chan bool)
	for range 10 {
		go func() {
			mark("use")
			ch <- true
		}()
	}
	go func() { ch <- false }()
	for range 10 {
		<-ch
	}
	mark("after")
}

func receivesUntilCount(hosts []string) {
	ch := make(chan string)
	for _, h := range hosts {
		go func(h string) {
			mark("use")
			ch <- h
		}(h)
	}
	n := 0
	for {
		<-ch
		n++
		if n == len(hosts) {
			break
		}
	}
	mark("after")
}

func receivesOnce(hosts []string) {
	ch := make(chan string)
	for _, h := range hosts {
		go func(h string) {
			mark("use")
			ch <- h
		}(h)
	}
	<-ch
	mark("after")
}

// InSpawner: the body's own map has no name in the spawner.
func placesInSpawner(m map[int]int) {
	shared := map[int]int{}
	go func(arg map[int]int) {
		own := map[int]int{}
		own[1] = 1
		shared[1] = 1
		arg[1] = 1
	}(m)
}

func siblings() {
	go func() { mark("first") }()
	go func() { mark("second") }()
}

func joinedSiblings() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("first")
	}()
	wg.Wait()
	go func() { mark("second") }()
}

func waitsForSibling() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("first")
	}()
	go func() {
		wg.Wait()
		mark("second")
	}()
}

func instances(xs []int) {
	for range xs {
		go func() { mark("instance") }()
	}
}

func joinedInstances(xs []int) {
	var wg sync.WaitGroup
	for range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark("instance")
		}()
		wg.Wait()
	}
}

// A deferred call runs when its function returns: a coordinator that
// defers mark("deferred"), starts the bodies and returns without
// waiting runs it while they run.
func deferredBeforeSpawn(n int) {
	defer mark("deferred")
	for i := 0; i < n; i++ {
		go func() { mark("use") }()
	}
}

func deferredThenWait() {
	var wg sync.WaitGroup
	defer mark("deferred")
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("use")
	}()
	wg.Wait()
}

// Deferred while the body runs, but run after the Wait.
func deferredAfterSpawn() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("use")
	}()
	defer mark("deferred")
	wg.Wait()
}

// A sibling that defers its work and then waits for the first body
// does the work after the first body is done.
func deferredAfterSiblingWait() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mark("first")
	}()
	go func() {
		defer mark("second")
		wg.Wait()
	}()
}

func TestSequential(t *testing.T) {
	t.Run("sequential", func(t *testing.T) {
		mark("subtest")
	})
	mark("after")
}
`

var built struct {
	once sync.Once
	pkg  *ssa.Package
	fset *token.FileSet
	err  error
}

// build type-checks and builds programSrc once for all tests.
func build(t *testing.T) (*ssa.Package, *token.FileSet) {
	t.Helper()
	built.once.Do(func() { built.pkg, built.fset, built.err = buildProgram() })
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.pkg, built.fset
}

// buildProgram type-checks and builds programSrc, with a stand-in for
// golang.org/x/sync/errgroup (the model knows it by name).
func buildProgram() (*ssa.Package, *token.FileSet, error) {
	fset := token.NewFileSet()
	eg, _, _, err := ssatest.Check(fset, "golang.org/x/sync/errgroup", nil, ssatest.Source{Name: "errgroup.go", Src: errgroupSrc})
	if err != nil {
		return nil, nil, err
	}
	pkg, _, err := ssatest.Build(fset, "p", ssa.SanityCheckFunctions, []*types.Package{eg}, ssatest.Source{Name: "p.go", Src: programSrc})
	return pkg, fset, err
}

// marks returns the mark calls of fn and of the functions nested in
// it, by name.
func marks(fn *ssa.Function) map[string][]ssa.Instruction {
	out := map[string][]ssa.Instruction{}
	var visit func(f *ssa.Function)
	visit = func(f *ssa.Function) {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction) // defer mark(...) too
				if !ok || call.Common().StaticCallee() == nil || call.Common().StaticCallee().Name() != "mark" {
					continue
				}
				if c, ok := call.Common().Args[0].(*ssa.Const); ok {
					name := constant.StringVal(c.Value)
					out[name] = append(out[name], instr)
				}
			}
		}
		for _, anon := range f.AnonFuncs {
			visit(anon)
		}
	}
	visit(fn)
	return out
}

// firstSpawn returns fn's first spawn.
func firstSpawn(t *testing.T, fn *ssa.Function) spawn.Spawn {
	t.Helper()
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if s, ok := spawn.OfInstr(instr); ok {
				return s
			}
		}
	}
	t.Fatalf("%s spawns nothing", fn.Name())
	return spawn.Spawn{}
}

// TestJoined asks, at a point of each spawner, whether it has waited
// for the body it spawned first.
func TestJoined(t *testing.T) {
	pkg, fset := build(t)
	for _, tc := range []struct {
		fn, at string
		joined bool
	}{
		{"waitGroup", "before", false},
		{"waitGroup", "after", true},
		{"unrelatedWait", "after", false},
		{"otherGroup", "after", false},
		{"addCountsIt", "after", true},
		{"doneBeforeUse", "after", false},
		{"waitOnSomePaths", "after", false},
		{"errgroupWait", "after", true},
		{"waitGroupGo", "before", false},
		{"waitGroupGo", "after", true},
		{"received", "before", false},
		{"received", "after", true},
		{"receivedInIfInit", "after", true},
		{"rangeOverChannel", "after", true},
		{"selectCase", "received", true},
		{"selectCase", "quit", false},
		{"selectOrFatal", "after", true},
		{"sendsBeforeUse", "after", false},
		{"relayedByHelper", "after", true},
		{"relayedFanIn", "before", false},
		{"relayedFanIn", "ranging", false},
		{"relayedFanIn", "after", true},
		{"relayedCommaOk", "after", true},
		{"relayedSelect", "selected", false},
		{"relayedSelect", "after", true},
		{"relayedCountedOtherwise", "after", true},
		{"countedReceives", "after", true},
		{"receivesUntilCount", "after", true},
		{"countedSenders", "after", true},
		{"receivedViaHelper", "after", true},
		{"tooFewReceives", "after", false},
		{"stepBarrier", "after", true},
		{"ownStep", "after", false},
		{"receivesOnce", "after", false},
		{"deferredBeforeSpawn", "deferred", false},
		{"deferredThenWait", "deferred", true},
		{"deferredAfterSpawn", "deferred", true},
	} {
		fn := pkg.Func(tc.fn)
		s := firstSpawn(t, fn)
		uses, at := marks(s.Body())["use"], marks(fn)[tc.at]
		if len(uses) != 1 || len(at) != 1 {
			t.Fatalf("%s: want one mark(%q) in the body and one mark(%q)", tc.fn, "use", tc.at)
		}
		if got := hb.NewIndex(fset).Joined(s, uses, at[0]); got != tc.joined {
			t.Errorf("%s: joined at mark(%q) = %v, want %v", tc.fn, tc.at, got, tc.joined)
		}
	}
}

// TestMayRunTogether asks whether two marked points may run at the
// same time, in either order of the question.
func TestMayRunTogether(t *testing.T) {
	pkg, fset := build(t)
	for _, tc := range []struct {
		fn, a, b string
		together bool
	}{
		{"waitGroup", "use", "before", true},
		{"waitGroup", "use", "after", false},
		{"unrelatedWait", "use", "after", true}, // the answer loopcapture and mapaccess now share
		{"received", "use", "after", false},
		{"siblings", "first", "second", true},
		{"joinedSiblings", "first", "second", false},
		{"waitsForSibling", "first", "second", false},
		{"instances", "instance", "instance", true},
		{"joinedInstances", "instance", "instance", false},
		{"TestSequential", "subtest", "after", false}, // a non-parallel t.Run is a call
		{"deferredBeforeSpawn", "use", "deferred", true},
		{"deferredThenWait", "use", "deferred", false},
		{"selectOrFatal", "use", "after", false},
		{"deferredAtFatal", "use", "deferred", true},
		{"deferredAfterSiblingWait", "first", "second", false},
	} {
		m := marks(pkg.Func(tc.fn))
		if len(m[tc.a]) != 1 || len(m[tc.b]) != 1 {
			t.Fatalf("%s: want one mark(%q) and one mark(%q)", tc.fn, tc.a, tc.b)
		}
		a, b := m[tc.a][0], m[tc.b][0]
		for _, q := range [][2]ssa.Instruction{{a, b}, {b, a}} {
			if got := hb.NewIndex(fset).MayRunTogether(q[0], q[1]); got != tc.together {
				t.Errorf("%s: MayRunTogether(mark(%q), mark(%q)) = %v, want %v", tc.fn, tc.a, tc.b, got, tc.together)
				break
			}
		}
	}
}

// TestTasks checks the task type the analyzers share: Repeats and
// Beside give MayRunTogether's answers for whole bodies.
func TestTasks(t *testing.T) {
	pkg, fset := build(t)
	marked := func(_ spawn.Spawn, body *ssa.Function) []ssa.Instruction {
		var out []ssa.Instruction
		for _, list := range marks(body) {
			out = append(out, list...)
		}
		return out
	}
	self := func(instr ssa.Instruction) (ssa.Instruction, bool) { return instr, true }
	for _, tc := range []struct {
		fn              string
		repeats, beside bool
	}{
		{"siblings", false, true},
		{"joinedSiblings", false, false},
		{"instances", true, false},
		{"joinedInstances", false, false},
	} {
		tasks := hb.Tasks(hb.NewIndex(fset), pkg.Func(tc.fn), marked, self)
		repeats, beside := false, false
		for _, a := range tasks {
			repeats = repeats || a.Repeats()
			for _, b := range tasks {
				beside = beside || a != b && a.Beside(b)
			}
		}
		if repeats != tc.repeats || beside != tc.beside {
			t.Errorf("%s: %d tasks, repeats %v beside %v, want %v %v", tc.fn, len(tasks), repeats, beside, tc.repeats, tc.beside)
		}
	}
}

// TestInSpawner checks that a body's places are named in its spawner's
// terms, a captured variable by the spawner's variable and a parameter
// by the argument, and that the body's own places are left out.
func TestInSpawner(t *testing.T) {
	pkg, fset := build(t)
	type named struct{ name, key string }
	updates := func(s spawn.Spawn, body *ssa.Function) []named {
		var refs []access.Ref
		for _, b := range body.Blocks {
			for _, instr := range b.Instrs {
				if u, ok := instr.(*ssa.MapUpdate); ok {
					if r, ok := hb.Storage(fset, u.Map); ok {
						refs = append(refs, r)
					}
				}
			}
		}
		return hb.InSpawner(fset, s, refs, func(r access.Ref) access.Ref { return r }, func(r access.Ref, key string) named { return named{r.Name(), key} })
	}
	tasks := hb.Tasks(hb.NewIndex(fset), pkg.Func("placesInSpawner"), updates, func(named) (ssa.Instruction, bool) { return nil, false })
	if len(tasks) != 1 {
		t.Fatalf("%d tasks, want 1", len(tasks))
	}
	got := map[string]string{}
	for _, o := range tasks[0].Ops {
		got[o.name] = o.key
	}
	var shared access.Ref
	for _, instr := range pkg.Func("placesInSpawner").Blocks[0].Instrs {
		if a, ok := instr.(*ssa.Alloc); ok && a.Comment == "shared" {
			shared, _ = hb.Storage(fset, a)
		}
	}
	if shared.Key == "" || len(got) != 2 || got["shared"] != shared.Key || got["arg"] != "param0" {
		t.Errorf("InSpawner kept %v, want shared as %q and arg as param0, own left out", got, shared.Key)
	}
}

// TestOuterLockOwn checks that a lock the spawner's own code holds (no
// spawn) keeps its own name, and one with no name has none.
func TestOuterLockOwn(t *testing.T) {
	_, fset := build(t)
	if key, ok := hb.OuterLock(fset, nil, access.Ref{Key: "param0.mu"}); !ok || key != "param0.mu" {
		t.Errorf("OuterLock(nil, param0.mu) = %q, %v", key, ok)
	}
	if _, ok := hb.OuterLock(fset, nil, access.Ref{}); ok {
		t.Errorf("OuterLock(nil, unnamed) named it")
	}
}
