package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

func TestBasic(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "basic")
	analysistestutil.RequireRelated(t, results)
}

func TestChain(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "chain")
	analysistestutil.RequireRelated(t, results)
}

func TestAcrossPackages(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "registry", "item")
	analysistestutil.RequireRelated(t, results)
}

func TestThreeDeep(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "deep3")
	analysistestutil.RequireRelated(t, results)
}

// TestRelated checks that every report points at the other side.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "basic", "chain", "item", "deep3")
	analysistestutil.Contains(t, results,
		"[basic.go:16: from.mu locked here]",
		"[basic.go:107: c.mu first locked here (read)]",
		"[chain.go:18: (chain.Registry).mu acquired here, before (chain.Item).mu; chain.go:29: (chain.Registry).mu acquired here while (chain.Item).mu is held ((*chain.Item).Remove)]",
		"[item.go:13: (registry.Entry).Mu acquired here, before (registry.Registry).Mu; registry.go:24: (*registry.Registry).Update acquires (registry.Entry).Mu while holding (registry.Registry).Mu, at registry.go:27 in (*registry.Registry).Update]",
		"deep1.go:9: deep1.AB acquires (deep1.B).Mu while holding (deep1.A).Mu",
		"[basic.go:191: c.mu locked here; basic.go:197: a return that has released it]",
	)
}

func TestGenerics(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "generic")
}

func TestSuppress(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "suppress")
}
