package spawn_test

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/concurlint/concurlint/internal/spawn"
)

// kindNames tell the kinds apart (Kind.String says "goroutine" for several).
var kindNames = map[spawn.Kind]string{
	spawn.Goroutine: "Goroutine", spawn.Deferred: "Deferred", spawn.ErrgroupTask: "ErrgroupTask",
	spawn.WaitGroupTask: "WaitGroupTask", spawn.ParallelSubtest: "ParallelSubtest",
	spawn.UserSpawner: "UserSpawner", spawn.TimerCallback: "TimerCallback", spawn.Inferred: "Inferred",
}

// sites reports every spawn the table recognises, once in the syntax
// ("ast KIND") and once in SSA ("ssa KIND"), every join in SSA ("ssa
// join"), and every inferred spawner
// on its declaration, so that the testdata's want comments are the
// table's expected answers for both sides. (analysistest checks the
// facts of the analyzer it runs only, and spawn.Analyzer reports
// nothing: its facts show in importers' answers, and here.)
var sites = &analysis.Analyzer{
	Name:     "sites",
	Doc:      "report spawn sites",
	Requires: []*analysis.Analyzer{spawn.Analyzer, buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		table := pass.ResultOf[spawn.Analyzer].(*spawn.Table)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				var site spawn.Site
				var ok bool
				switch n := n.(type) {
				case *ast.FuncDecl:
					if fn, _ := pass.TypesInfo.Defs[n.Name].(*types.Func); fn != nil && table.Spawns(fn) != nil {
						pass.Reportf(n.Name.Pos(), "%s", &spawn.Spawner{Params: table.Spawns(fn)})
					}
				case ast.Stmt:
					site, ok = spawn.OfStmt(n)
				case *ast.CallExpr:
					site, ok = table.OfCall(pass.TypesInfo, n)
				}
				if ok {
					pass.Reportf(n.Pos(), "ast %s", kindNames[site.Kind])
				}
				return true
			})
		}
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs { // closures included
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if s, ok := table.OfInstr(instr); ok {
						pass.Reportf(instr.Pos(), "ssa %s", kindNames[s.Kind])
					}
					if _, ok := spawn.JoinOf(instr); ok {
						pass.Reportf(instr.Pos(), "ssa join")
					}
				}
			}
		}
		return nil, nil
	},
}

// TestTable checks the table on both sides, and the inference: pool
// declares spawners (its want comments name the facts), app uses them
// from another package, with a user spawner that is itself used by an
// inferred one; reach declares spawners behind an interface method and
// struct fields (the interface's fact serves app too).
func TestTable(t *testing.T) {
	if err := spawn.User.Set("app.mine"); err != nil {
		t.Fatal(err)
	}
	defer spawn.User.Reset()
	analysistest.Run(t, analysistest.TestData(), sites, "pool", "reach", "app")
}

// TestSpawnerFactString checks the fact's text, which the want comments
// of the testdata match.
func TestSpawnerFactString(t *testing.T) {
	for _, c := range []struct {
		params []int
		want   string
	}{{[]int{0}, "spawns param 0"}, {[]int{0, 2}, "spawns params 0 2"}} {
		if got := (&spawn.Spawner{Params: c.params}).String(); got != c.want {
			t.Errorf("Spawner%v: got %q, want %q", c.params, got, c.want)
		}
	}
}

// TestKinds checks which kinds run alongside their spawner.
func TestKinds(t *testing.T) {
	for kind, name := range kindNames {
		want := kind != spawn.Deferred && kind != spawn.ParallelSubtest
		if got := kind.Concurrent(); got != want {
			t.Errorf("%s.Concurrent() = %v, want %v", name, got, want)
		}
	}
}
