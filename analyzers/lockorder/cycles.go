package lockorder

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/concurlint/concurlint/internal/astutil"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
)

// reportInversions reports the cycles in the lock-order graph that pass
// through an edge observed in this package. Edges from other packages
// come through the Edges fact. A report in production code rests on
// production edges only; edges formed in test files support reports in
// test files.
func reportInversions(pass *analysis.Pass, model *locks.Result) {
	var prod, test []locks.LocalEdge
	for _, le := range model.Local {
		if le.Test {
			test = append(test, le)
		} else {
			prod = append(prod, le)
		}
	}
	// A cycle reported in production code is not reported again at a
	// test that takes one of its orders too.
	reported := map[string]bool{}
	if len(prod) > 0 {
		reportIn(pass, model, graphOf(model.All, false), prod, false, reported)
	}
	if len(test) > 0 {
		reportIn(pass, model, graphOf(model.All, true), test, true, reported)
	}
}

// graphOf builds the class graph, one merged edge per class pair:
// production edges only, or every edge.
func graphOf(all []locks.Edge, withTests bool) map[string][]locks.Edge {
	graph := map[string][]locks.Edge{}
	for _, e := range all {
		if e.Test && !withTests {
			continue
		}
		out := graph[e.From]
		i := slices.IndexFunc(out, func(x locks.Edge) bool { return x.To == e.To })
		switch {
		case i < 0:
			graph[e.From] = append(out, e)
		case out[i].Test && !e.Test:
			out[i] = locks.Merge(e, out[i]) // a production witness reads better
		default:
			out[i] = locks.Merge(out[i], e)
		}
	}
	return graph
}

// cycle is one deadlock found: its edges, starting with a local one,
// and the writers its read-held locks need.
type cycle struct {
	edges   []locks.Edge
	writers []locks.Writer
}

// reportIn finds a cycle through each local edge and reports each
// distinct cycle once. Cycles that share a local edge are reported
// together at that edge: one wrong edge (often an impossible one) can
// close many cycles, and it is one mistake.
func reportIn(pass *analysis.Pass, model *locks.Result, graph map[string][]locks.Edge, local []locks.LocalEdge, inTest bool, reported map[string]bool) {
	local = slices.Clone(local)
	// Order by file and offset, not by token.Pos: positions depend on
	// the order the driver happened to parse files in.
	sort.SliceStable(local, func(i, j int) bool {
		return astutil.Earlier(pass.Fset, local[i].Pos, local[j].Pos)
	})
	// An edge lies on a cycle only if both ends are in one strongly
	// connected component, and the way back stays inside it. Searching
	// only there keeps an acyclic graph (the usual case) linear: a
	// search from every edge over the whole graph is quadratic in a
	// long chain of lock classes.
	comp := components(graph)
	done := map[string]bool{}
	unwritten := map[token.Pos]bool{} // edges whose cycle no writer can block
	// Test edges whose cycles need production edges the test does not
	// run alongside (apart), unless another cycle's do (together).
	apart, together := map[token.Pos]bool{}, map[token.Pos]bool{}
	var cycles []cycle
	for _, le := range local {
		if comp[le.From] != comp[le.To] {
			continue
		}
		first := edgeOf(graph, le.From, le.To)
		back := wayBack(graph, comp, first)
		if back == nil {
			continue
		}
		key := cycleKey(first, back)
		if done[key] || reported[key] {
			continue
		}
		edges := append([]locks.Edge{first}, back...)
		if !inTest && !locks.RolesMeet(edges) {
			done[key] = true
			continue // objects of kinds that never coincide
		}
		if len(commonGates(edges)) > 0 {
			done[key] = true
			continue // one goroutine at a time runs these sections
		}
		if locks.Apart(edges) {
			done[key] = true
			continue // one edge only inside a body, one after it returned
		}
		if inTest && !productionAlongside(model, edges, le) {
			apart[le.Pos] = true
			continue // another test may start the goroutine: not done
		}
		together[le.Pos] = true
		writers, ok := writersNeeded(model, edges, inTest, le)
		if !ok {
			// Readers only, and nothing writes: no one blocks. In tests
			// the writer depends on the test: another may start one,
			// and the report goes there, not here.
			done[key] = !inTest
			unwritten[le.Pos] = inTest
			continue
		}
		done[key] = true
		cycles = append(cycles, cycle{edges: edges, writers: writers})
		reported[key] = true
	}
	local = slices.DeleteFunc(local, func(le locks.LocalEdge) bool {
		return unwritten[le.Pos] || apart[le.Pos] && !together[le.Pos]
	})
	for _, g := range groupByEdge(local, cycles) {
		reportCycles(pass, g.at, g.cycles, model.Local)
	}
}

func edgeOf(graph map[string][]locks.Edge, from, to string) locks.Edge {
	for _, e := range graph[from] {
		if e.To == to {
			return e
		}
	}
	return locks.Edge{From: from, To: to}
}

// wayBack finds the shortest way from first.To back to first.From,
// preferring one whose edges share no gate with first and are not
// apart from it (locks.Apart): such a way back hides no deadlock,
// another way may. A cycle rests on one
// may-edge at most (a lock a callee takes on some paths only): a chain
// of them is mostly error paths deep in callees that never run
// together, so a way back of must-edges is preferred, and one that
// would make a second may-edge is no way back.
func wayBack(graph map[string][]locks.Edge, comp map[string]int, first locks.Edge) []locks.Edge {
	must := func(e locks.Edge) bool { return !e.May }
	anyEdge := func(locks.Edge) bool { return true }
	var tries []func(locks.Edge) bool
	if len(first.Gates) > 0 {
		ungated := func(e locks.Edge) bool {
			return !slices.ContainsFunc(e.Gates, func(g string) bool { return slices.Contains(first.Gates, g) }) &&
				!locks.Apart([]locks.Edge{first, e})
		}
		tries = append(tries, func(e locks.Edge) bool { return ungated(e) && must(e) }, ungated)
	}
	tries = append(tries, must, anyEdge)
	for _, ok := range tries {
		back := shortestPathWhere(graph, comp, first.To, first.From, ok)
		if back != nil && mayEdges(first, back) <= 1 {
			return back
		}
	}
	return nil
}

// mayEdges weighs the may-edges of a cycle. A may-edge more than two
// calls deep weighs two, so no cycle rests on one: on real servers such
// edges were error and cleanup paths (a handshake failing into
// closeConnection, a reload that lets go of the lock it was called
// with) that cannot run while the caller's lock is held.
func mayEdges(first locks.Edge, back []locks.Edge) int {
	n := 0
	for _, e := range append([]locks.Edge{first}, back...) {
		switch {
		case e.May && len(e.Via) > 2: // Via lists the calls down to the lock
			n += 2
		case e.May:
			n++
		}
	}
	return n
}

// commonGates returns the gate classes held on every edge of a cycle,
// other than the cycle's own classes.
func commonGates(edges []locks.Edge) []string {
	common := slices.Clone(edges[0].Gates)
	for _, e := range edges {
		common = slices.DeleteFunc(common, func(g string) bool {
			return !slices.Contains(e.Gates, g) || g == e.From || g == e.To || locks.IsPhaseMark(g)
		})
	}
	return common
}

// writersNeeded returns, for each lock of the cycle that one goroutine
// holds for reading while the next waits for it for reading, a writer
// of its class: only a writer queued on it makes the second reader
// wait. ok is false when such a lock has no writer in the code seen
// (for a cycle through a test's edge le, none on a goroutine the test
// starts).
func writersNeeded(model *locks.Result, edges []locks.Edge, inTest bool, le locks.LocalEdge) (out []locks.Writer, ok bool) {
	for i, e := range edges {
		next := edges[(i+1)%len(edges)]
		if e.ToMode != locks.Read || next.FromMode != locks.Read {
			continue
		}
		var w locks.Writer
		if inTest && le.Acq.Instr != nil {
			w, ok = model.TestWriter(e.To, le.Acq.Instr.Parent())
		} else {
			w, ok = model.Writer(e.To, false)
		}
		if !ok {
			return nil, false
		}
		out = append(out, w)
	}
	return out, true
}

// productionAlongside reports whether every production edge of a cycle
// closed by a test's edge le is formed on a goroutine that the test
// starts from test code, each on its own, none on le's own
// (locks.Result.CycleAlongside). A test that takes
// a production object's locks to inspect its state runs alongside the
// production goroutines that take them in the other order only by
// timing the test decides (the server it started is idle, the
// subscription is done); a goroutine the test starts itself is
// alongside by construction.
func productionAlongside(model *locks.Result, edges []locks.Edge, le locks.LocalEdge) bool {
	return model.CycleAlongside(edges, le)
}

// group is the cycles reported together at one local edge.
type group struct {
	at     locks.LocalEdge
	cycles []cycle
}

// groupByEdge assigns every cycle to one of its local edges: greedily,
// the edge that closes the most cycles not yet reported, the earliest
// in the file on a tie. Each group's cycles are rotated to start there.
func groupByEdge(local []locks.LocalEdge, cycles []cycle) []group {
	firstAt := map[[2]string]locks.LocalEdge{}
	rank := map[[2]string]int{}
	for _, le := range local {
		k := [2]string{le.From, le.To}
		if _, ok := firstAt[k]; !ok {
			firstAt[k] = le
			rank[k] = len(rank)
		}
	}
	// count is how many cycles not yet reported each local edge closes.
	count := map[[2]string]int{}
	for _, c := range cycles {
		for _, e := range c.edges {
			if k := [2]string{e.From, e.To}; firstAt[k].Pos.IsValid() {
				count[k]++
			}
		}
	}
	reported := make([]bool, len(cycles))
	var out []group
	for {
		best, bestN := [2]string{}, 0
		for k, n := range count {
			if n > bestN || n == bestN && n > 0 && rank[k] < rank[best] {
				best, bestN = k, n
			}
		}
		if bestN == 0 {
			return out
		}
		g := group{at: firstAt[best]}
		for i, c := range cycles {
			at := indexOf(c, best)
			if reported[i] || at < 0 {
				continue
			}
			reported[i] = true
			for _, e := range c.edges {
				if k := [2]string{e.From, e.To}; count[k] > 0 {
					count[k]--
				}
			}
			c.edges = append(slices.Clone(c.edges[at:]), c.edges[:at]...)
			g.cycles = append(g.cycles, c)
		}
		out = append(out, g)
	}
}

func indexOf(c cycle, pair [2]string) int {
	return slices.IndexFunc(c.edges, func(e locks.Edge) bool { return e.From == pair[0] && e.To == pair[1] })
}

// components numbers the strongly connected components of the graph
// (Tarjan's algorithm, iterative so that a long chain of classes cannot
// exhaust the stack); classes in one component share a number.
func components(graph map[string][]locks.Edge) map[string]int {
	index := map[string]int{}
	low := map[string]int{}
	comp := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	type frame struct {
		class string
		next  int // index of the next edge of class to follow
	}
	nodes := make([]string, 0, len(graph))
	for c := range graph {
		nodes = append(nodes, c)
	}
	sort.Strings(nodes)
	for _, root := range nodes {
		if _, ok := index[root]; ok {
			continue
		}
		work := []frame{{class: root}}
		index[root], low[root] = len(index), len(index)
		stack, onStack[root] = append(stack, root), true
		for len(work) > 0 {
			f := &work[len(work)-1]
			if edges := graph[f.class]; f.next < len(edges) {
				to := edges[f.next].To
				f.next++
				if _, seen := index[to]; !seen {
					index[to], low[to] = len(index), len(index)
					stack, onStack[to] = append(stack, to), true
					work = append(work, frame{class: to})
				} else if onStack[to] {
					low[f.class] = min(low[f.class], index[to])
				}
				continue
			}
			c := f.class
			work = work[:len(work)-1]
			if len(work) > 0 {
				parent := work[len(work)-1].class
				low[parent] = min(low[parent], low[c])
			}
			if low[c] != index[c] {
				continue
			}
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[top] = false
				comp[top] = index[c]
				if top == c {
					break
				}
			}
		}
	}
	return comp
}

// shortestPath finds the fewest edges leading from one class to
// another in the same component.
func shortestPath(graph map[string][]locks.Edge, comp map[string]int, from, to string) []locks.Edge {
	return shortestPathWhere(graph, comp, from, to, func(locks.Edge) bool { return true })
}

// shortestPathWhere is shortestPath over the edges ok accepts.
func shortestPathWhere(graph map[string][]locks.Edge, comp map[string]int, from, to string, ok func(locks.Edge) bool) []locks.Edge {
	prev := map[string]locks.Edge{}
	seen := map[string]bool{from: true}
	queue := []string{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, e := range graph[c] {
			if seen[e.To] || comp[e.To] != comp[from] || !ok(e) {
				continue
			}
			seen[e.To] = true
			prev[e.To] = e
			if e.To == to {
				var path []locks.Edge
				for at := to; at != from; at = prev[at].From {
					path = append([]locks.Edge{prev[at]}, path...)
				}
				return path
			}
			queue = append(queue, e.To)
		}
	}
	return nil
}

func cycleKey(first locks.Edge, rest []locks.Edge) string {
	classes := []string{first.From}
	for _, e := range rest {
		classes = append(classes, e.From)
	}
	sort.Strings(classes)
	return strings.Join(classes, "|")
}

// reportCycles reports the cycles closed by one local edge: the first
// in full, the others after it. Each edge the message names on a way
// back has its related position: the local witness's acquisition, or
// the holding function in the package that observed it.
func reportCycles(pass *analysis.Pass, le locks.LocalEdge, cycles []cycle, local []locks.LocalEdge) {
	related := []analysis.RelatedInformation{
		report.Related(le.HeldPos, "%s acquired here, before %s", short(le.From, le.FromName), short(le.To, le.ToName)),
	}
	named := map[string]bool{}
	var ways []string
	var writers []locks.Writer
	for _, c := range cycles {
		var steps []string
		for _, e := range c.edges[1:] {
			steps = append(steps, fmt.Sprintf("%s then %s at %s%s", short(e.From, e.FromName), short(e.To, e.ToName), e.Site, chain(e)))
			if k := e.From + "\x00" + e.To + "\x00" + e.Site; !named[k] {
				named[k] = true
				related = append(related, relatedFor(pass, e, local)...)
			}
		}
		ways = append(ways, strings.Join(steps, ", "))
		for _, w := range c.writers {
			if !slices.Contains(writers, w) {
				writers = append(writers, w)
			}
		}
	}
	msg := fmt.Sprintf("lock order inversion: %s then %s here%s, but %s", short(le.From, le.FromName), short(le.To, le.ToName), chain(le.Edge), ways[0])
	if len(ways) > 1 {
		plural := "s"
		if len(ways) == 2 {
			plural = ""
		}
		msg += fmt.Sprintf("; this edge also closes %d other cycle%s: (%s)", len(ways)-1, plural, strings.Join(ways[1:], "), ("))
	}
	msg += "; " + waiting(writers) + "goroutines taking both paths at once deadlock"
	report.Report(pass, analysis.Diagnostic{Pos: le.Pos, Message: msg, Related: related})
}

// waiting names the writers a cycle through read locks needs.
func waiting(writers []locks.Writer) string {
	if len(writers) == 0 {
		return ""
	}
	var parts []string
	for _, w := range writers {
		parts = append(parts, fmt.Sprintf("%s (locked at %s)", short(w.Class, w.ClassName), w.Site))
	}
	return "with a writer waiting on " + strings.Join(parts, " and ") + ", "
}

// relatedFor points at the witness e names: the acquisition of e.To
// when this package observed it, else the holding function.
func relatedFor(pass *analysis.Pass, e locks.Edge, local []locks.LocalEdge) []analysis.RelatedInformation {
	for _, o := range local {
		if o.From == e.From && o.To == e.To && o.Site == e.Site && o.Func == e.Func {
			return []analysis.RelatedInformation{report.Related(o.Pos, "%s acquired here while %s is held (%s)", short(e.To, e.ToName), short(e.From, e.FromName), o.Func)}
		}
	}
	if pos := funcPos(pass, e); pos.IsValid() {
		return []analysis.RelatedInformation{report.Related(pos, "%s acquires %s while holding %s, at %s%s", e.Func, short(e.To, e.ToName), short(e.From, e.FromName), e.Site, chain(e))}
	}
	return nil
}

func short(class, className string) string { return locks.ClassLabel(class, className) }

// chain renders how an edge's inner acquisition is reached.
func chain(e locks.Edge) string {
	if len(e.Via) == 0 {
		return " in " + e.Func
	}
	return " (via " + e.Func + " → " + strings.Join(e.Via, " → ") + ")"
}

// funcPos finds the declaration of the function that holds an edge
// observed in another package, so related information can point at it.
func funcPos(pass *analysis.Pass, e locks.Edge) token.Pos {
	if e.Pkg == "" || e.Obj == "" {
		return token.NoPos
	}
	pkg := findPackage(pass.Pkg, e.Pkg, map[*types.Package]bool{})
	if pkg == nil {
		return token.NoPos
	}
	obj, err := objectpath.Object(pkg, objectpath.Path(e.Obj))
	if err != nil {
		return token.NoPos
	}
	return obj.Pos()
}

func findPackage(from *types.Package, path string, seen map[*types.Package]bool) *types.Package {
	if from.Path() == path {
		return from
	}
	seen[from] = true
	for _, imp := range from.Imports() {
		if seen[imp] {
			continue
		}
		if p := findPackage(imp, path, seen); p != nil {
			return p
		}
	}
	return nil
}
