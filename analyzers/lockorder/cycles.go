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
	done := map[string]bool{}
	for _, le := range local {
		back := shortestPath(graph, le.To, le.From)
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

// shortestPath finds the fewest edges leading from one class to another.
func shortestPath(graph map[string][]locks.Edge, from, to string) []locks.Edge {
	prev := map[string]locks.Edge{}
	seen := map[string]bool{from: true}
	queue := []string{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, e := range graph[c] {
			if seen[e.To] {
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
