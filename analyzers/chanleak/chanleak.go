package chanleak

import (
	_ "embed"
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/locks"
	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssabuild"
	"github.com/concurlint/concurlint/internal/ssautil"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines blocked forever on a channel.
var Analyzer = report.Wrap(&analysis.Analyzer{
	Name:     "chanleak",
	Doc:      analysisdoc.MustExtract(doc, "chanleak"),
	URL:      "https://github.com/concurlint/concurlint/tree/main/analyzers/chanleak",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ssabuild.Analyzer, spawn.Analyzer, effects.Analyzer, locks.Flows},
	Run:      run,
})

func init() {
	spawn.RegisterFlag(Analyzer)
}

// checker holds one pass's state.
type checker struct {
	pass    *analysis.Pass
	spawns  *spawn.Table
	effects *effects.Result
	hb      *hb.Index
	keeps   *publish.Query
	// reported holds the operations reported at, one report each.
	reported map[ssa.Instruction]bool
	// returns holds the functions that return a channel only the
	// goroutines they start send on (see discarded.go).
	returns map[*ssa.Function]returned
	// followed holds, per maker, the channels it makes whose every use
	// it sees (see channelHolding).
	followed map[*ssa.Function][]*channel
}

func run(pass *analysis.Pass) (any, error) {
	if !usesChannels(pass) && !importsSync(pass) {
		return nil, nil
	}
	prog := pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Get()
	c := &checker{
		pass:     pass,
		spawns:   pass.ResultOf[spawn.Analyzer].(*spawn.Table),
		effects:  pass.ResultOf[effects.Analyzer].(*effects.Result),
		reported: map[ssa.Instruction]bool{},
		returns:  map[*ssa.Function]returned{},
		followed: map[*ssa.Function][]*channel{},
	}
	c.hb = hb.NewIndex(pass.Fset).SpawnsBy(c.spawns.OfInstr)
	c.keeps = publish.New()
	c.keeps.SetPackage(prog.SrcFuncs)
	for _, fn := range prog.SrcFuncs {
		c.checkNil(fn)
		chans := c.channelsOf(fn)
		c.followed[fn] = chans
		for _, ch := range chans {
			if len(ch.maker.returned) > 0 {
				c.noteReturned(ch)
				continue
			}
			c.checkSender(ch)
			c.checkReceivers(ch)
		}
	}
	c.checkPartners(prog.SrcFuncs)
	c.checkDiscarded(prog.SrcFuncs)
	// The field check's "nothing in the package" covers package-level
	// initialisers too.
	c.checkFields(ssautil.WithInit(prog.Pkg, prog.SrcFuncs))
	return nil, nil
}

// usesChannels is a cheap syntactic check: a package that never makes
// a channel has no channel of its own to follow.
func usesChannels(pass *analysis.Pass) bool {
	found := false
	pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Preorder([]ast.Node{(*ast.ChanType)(nil)}, func(ast.Node) { found = true })
	return found
}
