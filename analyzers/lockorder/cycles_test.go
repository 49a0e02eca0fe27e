package lockorder

import (
	"testing"

	"github.com/concurlint/concurlint/internal/locks"
)

// TestComponents checks the components that bound the cycle search: a
// long chain leads into a cycle c0 → c1 → c2 → c0; only the cycle's
// classes share a component, and the way back is found inside it.
func TestComponents(t *testing.T) {
	graph := map[string][]locks.Edge{}
	edge := func(from, to string) { graph[from] = append(graph[from], locks.Edge{From: from, To: to}) }
	names := []string{"a", "b", "c", "d", "e"}
	for i := 0; i+1 < len(names); i++ {
		edge(names[i], names[i+1])
	}
	edge("e", "c0")
	edge("c0", "c1")
	edge("c1", "c2")
	edge("c2", "c0")
	edge("c1", "z")
	comp := components(graph)
	if comp["c0"] != comp["c1"] || comp["c1"] != comp["c2"] {
		t.Errorf("cycle split: %v", comp)
	}
	for _, c := range append(names, "z") {
		if comp[c] == comp["c0"] {
			t.Errorf("%s joined the cycle's component: %v", c, comp)
		}
	}
	back := shortestPath(graph, comp, "c1", "c0")
	if len(back) != 2 || back[0].To != "c2" || back[1].To != "c0" {
		t.Errorf("way back from c1 to c0: %v", back)
	}
}
