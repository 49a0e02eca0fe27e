// Package analyzers lists the concurlint suite: every analyzer that
// works, in the order help lists them. The binary, the golangci-lint
// plugin and the tests all take the suite from here.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers/chanclose"
	"github.com/concurlint/concurlint/analyzers/chanleak"
	"github.com/concurlint/concurlint/analyzers/ctxleak"
	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/analyzers/loopcapture"
	"github.com/concurlint/concurlint/analyzers/mapaccess"
)

// All returns the suite's analyzers.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		chanclose.Analyzer,
		chanleak.Analyzer,
		ctxleak.Analyzer,
		lockorder.Analyzer,
		loopcapture.Analyzer,
		mapaccess.Analyzer,
	}
}
