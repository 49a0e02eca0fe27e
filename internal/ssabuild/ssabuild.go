// Package ssabuild builds a package's SSA form on demand, once, for all
// of concurlint's SSA-based passes.
//
// The buildssa pass in x/tools builds SSA for every package it runs
// on. Under go vet that is every dependency, the standard library
// included, in facts-only mode, though concurlint's passes have nothing
// to learn from most of them. This pass does no work when it runs; a
// pass that needs SSA calls Get, and the first call builds it.
package ssabuild

import (
	"go/ast"
	"go/build"
	"go/types"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/calls"
)

// Analyzer provides a *Lazy as its result.
var Analyzer = &analysis.Analyzer{
	Name:       "ssabuild",
	Doc:        "build SSA-form IR on demand for concurlint's passes",
	URL:        "https://github.com/concurlint/concurlint/tree/main/internal/ssabuild",
	ResultType: reflect.TypeOf((*Lazy)(nil)),
	Run: func(pass *analysis.Pass) (any, error) {
		return &Lazy{pass: pass}, nil
	},
}

// Lazy builds the package's SSA on the first call to Get.
type Lazy struct {
	pass *analysis.Pass
	once sync.Once
	ssa  *buildssa.SSA

	resolverOnce sync.Once
	resolver     *calls.Resolver
}

// Resolver returns the call resolver of the package's SSA, one for all
// the passes that ask (it is safe for concurrent use): the lock model,
// effects, lockorder and ctxleak resolve the same calls, and each
// resolution once is enough.
func (l *Lazy) Resolver() *calls.Resolver {
	l.resolverOnce.Do(func() { l.resolver = calls.New(l.Get().Pkg) })
	return l.resolver
}

// Get returns the package's SSA, building it on first use. The result
// has the shape of the buildssa pass's: the package and its source
// functions, closures included, in source order.
func (l *Lazy) Get() *buildssa.SSA {
	l.once.Do(func() { l.ssa = buildSSA(l.pass) })
	return l.ssa
}

func buildSSA(pass *analysis.Pass) *buildssa.SSA {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	var funcs []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if f := prog.FuncValue(obj); f != nil {
				add(f)
			}
		}
	}
	return &buildssa.SSA{Pkg: pkg, SrcFuncs: funcs}
}

// IsStd reports whether the package is part of the standard library,
// whose internals concurlint's passes treat as opaque: under go vet they
// run on every dependency, and the standard library is most of them.
func IsStd(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return true
	}
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	root := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
	return strings.HasPrefix(name, root)
}
