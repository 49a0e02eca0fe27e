package locks

import (
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/calls"
	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Analyzer computes the lock model of a package and exports its
// lock-order edges as facts. It reports nothing itself; lockorder (and
// later passes) take its Result.
var Analyzer = &analysis.Analyzer{
	Name:       "lockmodel",
	Doc:        "compute lock-order edges, gates and goroutine confinement for concurlint's lock analyzers",
	URL:        "https://github.com/concurlint/concurlint/tree/main/internal/locks",
	Requires:   []*analysis.Analyzer{Flows},
	FactTypes:  []analysis.Fact{new(Edges)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        run,
}

// Flows is the first half of the lock model: each function's held-lock
// dataflow and summary, exported as facts. Its Result is Analyzer's,
// before Analyzer fills in the edges and the rest. Function effects need
// only the flows, so they are computed while Analyzer builds the edges:
// the two take as long, and the model's serial chain was the longest
// part of a large package's vet run. chanclose and chanleak, which ask
// only what each function holds (ByFunc, HeldBefore), start from it too.
//
// It asks for the package's SSA (built once, on demand, by ssabuild)
// only for packages that can matter: they import sync, or import a
// package with lock facts. Under go vet every dependency, the standard
// library included, runs in facts-only mode; requiring the buildssa
// pass would build SSA for all of them.
var Flows = &analysis.Analyzer{
	Name:       "lockflows",
	Doc:        "compute held-lock sets and per-function lock summaries for concurlint's lock analyzers",
	URL:        "https://github.com/concurlint/concurlint/tree/main/internal/locks",
	Requires:   []*analysis.Analyzer{ssabuild.Analyzer},
	FactTypes:  []analysis.Fact{new(Summary)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        runFlows,
}

// Result is the lock model of one package. Flows sets Flows and ByFunc;
// everything else is Analyzer's, and only its dependents may read it.
type Result struct {
	// Flows are the package's functions (closures included) in source
	// order, each with its acquisitions, returns and summary.
	Flows []*FuncFlow
	// ByFunc indexes Flows.
	ByFunc map[*ssa.Function]*FuncFlow
	// Local are the lock-order edges observed in this package.
	Local []LocalEdge
	// All are the edges of this package and every package it imports
	// (as far as the driver shows their facts), one per class pair and
	// test-ness.
	All []Edge
	// Writers are the RWMutex classes write-locked in this package and
	// the packages it imports.
	Writers []Writer

	model     *model                     // nil when the package takes no lock
	alongside *alongside                 // see TestWriter
	unlocked  *unlocked                  // see ReleasedElsewhere
	entries   *entries                   // see EntryHeld
	single    map[*ssa.Function]confined // see RunLoop
	// spawns are the package's goroutine starts by the function they
	// run (see HandedOff).
	spawns     map[*ssa.Function][]spawn.Spawn
	spawnsOnce sync.Once
	nils       *neverNil // see DeadUnderNil
	nilOnce    sync.Once
	// unlockedOnce builds unlocked: the passes built on the model run
	// at once.
	unlockedOnce sync.Once
}

// RunLoop returns the run loop fn runs on only (a method started once
// per object, `go c.run()`, or one reached only through unexported
// calls from it), and whether fn works on that loop's own object
// (its receiver is the loop's, or reached from it through fields):
// then two calls of fn are on one goroutine per object, one after the
// other. nil: fn may run on any goroutine.
func (r *Result) RunLoop(fn *ssa.Function) (root *ssa.Function, owned bool) {
	c := r.single[fn]
	if c.assumed {
		return nil, false
	}
	return c.root, c.owned
}

// OneGoroutine returns the run loop whose goroutine alone runs fn on
// its object, as RunLoop does when fn works on the loop's own object,
// and also taking a loop started at one place on an object that place
// was given (`func (s *Server) Start() { go s.loop() }`) to be started
// once per object. nil: any goroutine may run fn.
func (r *Result) OneGoroutine(fn *ssa.Function) *ssa.Function {
	if c := r.single[fn]; c.owned {
		return c.root
	}
	return nil
}

// LocalEdge is an edge with the positions of its two acquisitions.
type LocalEdge struct {
	Edge
	Pos     token.Pos // the acquisition of To (or the call leading to it)
	HeldPos token.Pos // the acquisition of From
	Acq     Acquisition
}

// runFlows analyses every function of a package that can take a lock
// and exports their summaries.
func runFlows(pass *analysis.Pass) (any, error) {
	res := &Result{}
	if ssabuild.IsStd(pass) || !locksHere(pass) {
		return res, nil
	}
	m := &model{pass: pass, flows: map[*ssa.Function]*FuncFlow{}, done: map[*ssa.Function]bool{}, imported: map[*ssa.Function]*Summary{}}
	lazy := pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy)
	ssaRes := lazy.Get()
	m.pkg = ssaRes.Pkg
	m.calls = lazy.Resolver()
	m.pub = publish.New()
	m.pub.SetPackage(ssaRes.SrcFuncs)
	m.funcs = ssaRes.SrcFuncs
	for _, fn := range ssaRes.SrcFuncs {
		m.lookup(fn)
		if fl := m.flows[fn]; fl != nil {
			res.Flows = append(res.Flows, fl)
		}
	}
	m.exportSummaries(ssaRes.SrcFuncs)
	res.ByFunc = m.flows
	res.model = m
	m.sealed = true // replays from other analyzers may look up at once
	return res, nil
}

// run completes the Flows result: goroutine confinement, entry locks,
// gates, and the package's lock-order edges, exported with those its
// imports carry.
func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[Flows].(*Result)
	if ssabuild.IsStd(pass) {
		return res, nil
	}
	var local []Writer
	if m := res.model; m != nil {
		single, calls := singleGoroutine(pass.Fset, m.pkg, m.funcs)
		res.single = single
		// The lock-order gates rest only on loops known to start
		// once per object.
		single = certain(single)
		phases := newPhases(pass.Fset, calls, single)
		res.entries = &entries{fset: pass.Fset, pkg: m.pkg, funcs: m.funcs, flows: m.flows}
		for _, fl := range res.Flows {
			fl.single = single[fl.Fn]
			fl.phases = phases
			fl.callerGates = callerGates(fl.Fn, m.flows)
			fl.entryHeld = res.EntryHeld(fl.Fn)
		}
		res.Local = localEdges(pass.Fset, res.Flows)
		if len(res.Local) > 0 {
			// Indexing the kinds walks the whole package: only
			// worth it when there are edges to label.
			kinds := newRoles(pass.Fset, m.funcs, m.flows)
			for i := range res.Local {
				kinds.label(&res.Local[i])
			}
		}
		res.alongside = newAlongside(pass.Fset, m.funcs, m.flows)
		local = localWriters(pass.Fset, res.Flows)
	}
	// A package that takes no lock still passes on the edges its
	// imports carry: under go vet its importers see only its facts.
	imported, writers := importedEdges(pass)
	res.All = allEdges(res.Local, imported)
	res.Writers = mergeWriters(local, writers)
	if len(res.All)+len(res.Writers) > 0 {
		pass.ExportPackageFact(&Edges{List: res.All, Writers: res.Writers})
	}
	return res, nil
}

// locksHere reports whether the package's code can take a lock: it
// names a method or function of package sync (Mutex.Lock, a Locker, a
// promoted Lock of an embedded mutex), or a function whose summary an
// import exports. Only then is its SSA built and summarised; most
// dependencies of a large program (generated code, clients, codecs)
// take no lock, and building their SSA was most of the suite's cost.
// A wrapped lock's Lock (see wrapped.go) counts too.
func locksHere(pass *analysis.Pass) bool {
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if ok && wrappedLock(fn) {
			return true
		}
		if !ok || fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			continue
		}
		if fn.Pkg().Path() == "sync" || pass.ImportObjectFact(fn.Origin(), new(Summary)) {
			return true
		}
	}
	return false
}

type model struct {
	pass  *analysis.Pass
	pkg   *ssa.Package
	flows map[*ssa.Function]*FuncFlow
	done  map[*ssa.Function]bool // analysed or in progress
	pub   *publish.Query
	calls *calls.Resolver
	// imported memoises the facts of functions declared elsewhere
	// (nil: none), looked up at every call the dataflow visits.
	imported map[*ssa.Function]*Summary
	scratch  scratch
	// sealed is set once runFlows returns: the analyzers built on the
	// model replay flows, and look callees up, on goroutines of their
	// own; done, flows and imported are then only read (see late).
	sealed bool
	funcs  []*ssa.Function // the package's source functions
	late   late
}

// lookup returns fn's summary: analysed here when its body is in this
// package, else from an imported fact. Recursion yields nil (unknown).
func (m *model) lookup(fn *ssa.Function) *Summary {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if m.done[fn] {
		if fl := m.flows[fn]; fl != nil {
			return fl.Summary
		}
		return nil
	}
	if m.local(fn) {
		if m.sealed {
			return m.lateLookup(fn)
		}
		m.done[fn] = true
		if m.pub == nil {
			m.pub = publish.New()
		}
		if m.calls == nil {
			m.calls = calls.New(m.pkg)
		}
		fl := analyze(m.pass.Fset, fn, m.lookup, m.calls, m.pub, &m.scratch)
		m.flows[fn] = fl
		return fl.Summary
	}
	if sum, ok := m.imported[fn]; ok {
		return sum
	}
	sum := m.importFact(fn)
	if !m.sealed {
		m.imported[fn] = sum
	}
	return sum
}

// importFact returns the summary an import exports for fn, or nil.
func (m *model) importFact(fn *ssa.Function) *Summary {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == m.pass.Pkg {
		return nil
	}
	sum := new(Summary)
	if m.pass.ImportObjectFact(obj.Origin(), sum) {
		return sum
	}
	return nil
}

func (m *model) exportSummaries(funcs []*ssa.Function) {
	for _, fn := range funcs {
		fl := m.flows[fn]
		obj, ok := fn.Object().(*types.Func)
		if fl == nil || !ok || obj.Pkg() != m.pass.Pkg || fl.Summary.empty() || !Importable(m.pass.Fset, obj) {
			continue
		}
		m.pass.ExportObjectFact(obj, fl.Summary)
	}
}

// localEdges collects, for every acquisition, an edge from each lock
// of another class held at that moment.
func localEdges(fset *token.FileSet, flows []*FuncFlow) []LocalEdge {
	var out []LocalEdge
	for _, fl := range flows {
		heldAt := heldAtAcquisitions(fl)
		once := onceGate(fset, fl.Fn)
		for _, a := range fl.Acquisitions {
			// No goroutine can hold or wait for a lock of an object
			// no other goroutine can reach yet: no order to keep.
			if !a.Order || a.Ref.Class == "" || fl.Unpublished(a.Ref, a.Instr) {
				continue
			}
			for _, h := range a.Held {
				if h.Ref.Class == "" || h.Ref.Class == a.Ref.Class || fl.Unpublished(h.Ref, a.Instr) {
					continue
				}
				pkg, obj := declOf(fl.Fn)
				gates := gatesOf(heldAt, h, a)
				if once != "" {
					gates = boundGates(append(gates, once))
				}
				if g := goroutineGate(fl.Fn, fl.single, h.Ref, a.Ref); g != "" {
					gates = boundGates(append(gates, g))
				}
				gates = withCallerGates(gates, fl, h, a)
				gates = boundGates(append(gates, fl.phases.marks(fl, h, a)...))
				out = append(out, LocalEdge{
					Edge: Edge{From: h.Ref.Class, To: a.Ref.Class, FromName: h.Ref.ClassName, ToName: a.Ref.ClassName, Func: ShortFunc(fl.Fn),
						Site: a.Site, HeldSite: Site(fset, h.Pos), Via: a.Via, Pkg: pkg, Obj: obj,
						FromMode: h.Mode, ToMode: a.Mode, Gates: gates, Test: IsTestFile(fset, a.Pos), May: a.May},
					Pos: a.Pos, HeldPos: h.Pos, Acq: a,
				})
			}
		}
	}
	return out
}

// declOf returns the package path and objectpath of fn's declaration,
// or of the declared function enclosing a closure.
func declOf(fn *ssa.Function) (pkg, obj string) {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	f, ok := fn.Object().(*types.Func)
	if !ok || f.Pkg() == nil {
		return "", ""
	}
	path, err := objectpath.For(f.Origin())
	if err != nil {
		return "", ""
	}
	return f.Pkg().Path(), string(path)
}

// allEdges merges local edges with those imported packages carry,
// keeping one witness per class pair and test-ness (the local one if
// any), with the modes and gates of every witness folded in.
func allEdges(local []LocalEdge, imported []Edge) []Edge {
	type key struct {
		from, to string
		test     bool
	}
	at := map[key]int{}
	var out []Edge
	add := func(e Edge) {
		k := key{e.From, e.To, e.Test}
		if i, ok := at[k]; ok {
			out[i] = Merge(out[i], e)
			return
		}
		at[k] = len(out)
		out = append(out, e)
	}
	for _, e := range local {
		add(e.Edge)
	}
	// AllPackageFacts comes in no fixed order, and two imports may
	// carry the same pair: choose the witness after sorting, so that
	// every run keeps the same one.
	sortEdges(imported)
	for _, e := range imported {
		add(e)
	}
	sortEdges(out)
	return out
}

// importedEdges returns the edges and writers imported packages carry.
func importedEdges(pass *analysis.Pass) ([]Edge, []Writer) {
	var edges []Edge
	var writers []Writer
	for _, f := range pass.AllPackageFacts() {
		if e, ok := f.Fact.(*Edges); ok {
			edges = append(edges, e.List...)
			writers = append(writers, e.Writers...)
		}
	}
	sort.Slice(writers, func(i, j int) bool {
		a, b := writers[i], writers[j]
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		return a.Site < b.Site
	})
	return edges, writers
}

// Site renders pos as "file.go:41" for messages and facts.
func Site(fset *token.FileSet, pos token.Pos) string { return access.FilePos(fset, pos) }

// Importable reports whether another package can call fn by name, so
// that its summaries are worth exporting as facts: its name is exported
// (a method's name, whatever its receiver's: an interface or an
// embedding reaches it), and it is not a test entry point, which only
// go test's main runs. An unexported function or method is called only
// inside its package, where the summaries are computed, not imported;
// facts about it would only make every importer's vetx file larger
// (on nats-server's ./server, about half of 10 MB).
func Importable(fset *token.FileSet, fn *types.Func) bool {
	return fn.Exported() && !(IsTestFile(fset, fn.Pos()) && testEntry(fn.Name()))
}

// testEntry reports whether name is one go test calls by itself.
func testEntry(name string) bool {
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}
