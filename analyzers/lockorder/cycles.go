package lockorder

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/report"
)

// reportInversions reports each cycle in the lock-order graph that
// passes through an edge observed in this package, once, at the first
// such edge. Edges from other packages come through the Edges fact.
func reportInversions(pass *analysis.Pass, model *locks.Result) {
	if len(model.Local) == 0 {
		return
	}
	graph := map[string][]locks.Edge{}
	for _, e := range model.All {
		graph[e.From] = append(graph[e.From], e)
	}
	local := append([]locks.LocalEdge(nil), model.Local...)
	// Order by file and offset, not by token.Pos: positions depend on
	// the order the driver happened to parse files in.
	sort.SliceStable(local, func(i, j int) bool {
		return positionLess(pass.Fset.Position(local[i].Pos), pass.Fset.Position(local[j].Pos))
	})
	localAt := map[[2]string]locks.LocalEdge{}
	for _, le := range local {
		k := [2]string{le.From, le.To}
		if _, ok := localAt[k]; !ok {
			localAt[k] = le
		}
	}
	// An edge lies on a cycle only if both ends are in one strongly
	// connected component, and the way back stays inside it. Searching
	// only there keeps an acyclic graph (the usual case) linear: a
	// search from every edge over the whole graph is quadratic in a
	// long chain of lock classes.
	comp := components(graph)
	done := map[string]bool{}
	for _, le := range local {
		if comp[le.From] != comp[le.To] {
			continue
		}
		back := shortestPath(graph, comp, le.To, le.From)
		if back == nil {
			continue
		}
		key := cycleKey(le.Edge, back)
		if done[key] {
			continue
		}
		done[key] = true
		reportCycle(pass, le, back, localAt)
	}
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
	prev := map[string]locks.Edge{}
	seen := map[string]bool{from: true}
	queue := []string{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, e := range graph[c] {
			if seen[e.To] || comp[e.To] != comp[from] {
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

func reportCycle(pass *analysis.Pass, le locks.LocalEdge, back []locks.Edge, localAt map[[2]string]locks.LocalEdge) {
	var others []string
	related := []analysis.RelatedInformation{
		report.Related(le.HeldPos, "%s acquired here, before %s", short(le.From), short(le.To)),
	}
	for _, e := range back {
		others = append(others, fmt.Sprintf("%s then %s at %s%s", short(e.From), short(e.To), e.Site, chain(e)))
		if other, ok := localAt[[2]string{e.From, e.To}]; ok {
			related = append(related, report.Related(other.Pos, "%s acquired here while %s is held (%s)", short(e.To), short(e.From), other.Func))
		} else if pos := funcPos(pass, e); pos.IsValid() {
			related = append(related, report.Related(pos, "%s acquires %s while holding %s, at %s%s", e.Func, short(e.To), short(e.From), e.Site, chain(e)))
		}
	}
	msg := fmt.Sprintf("lock order inversion: %s then %s here%s, but %s; goroutines taking both paths at once deadlock",
		short(le.From), short(le.To), chain(le.Edge), strings.Join(others, ", "))
	report.Report(pass, analysis.Diagnostic{Pos: le.Pos, Message: msg, Related: related})
}

func short(class string) string { return locks.ShortClass(class) }

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

func positionLess(a, b token.Position) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	return a.Offset < b.Offset
}
