// Package ssatest builds small test programs for the models' unit
// tests: Go source held in the test (or a file beside it) is parsed,
// type-checked and built to SSA without a driver, so that each model's
// rules are tested on their own.
package ssatest

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// Source is one file of a test program. When Src is empty the file is
// read from disk at Name.
type Source struct{ Name, Src string }

// Check parses and type-checks files as the package path. Standard
// library imports are type-checked from source (tests need no export
// data); deps are the other packages the files may import.
func Check(fset *token.FileSet, path string, deps []*types.Package, files ...Source) (*types.Package, *types.Info, []*ast.File, error) {
	parsed, err := parse(fset, files)
	if err != nil {
		return nil, nil, nil, err
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	pkg, err := (&types.Config{Importer: imports(fset, deps)}).Check(path, fset, parsed, info)
	return pkg, info, parsed, err
}

// Build parses and type-checks files as Check does and builds the
// package's SSA with mode (its dependencies are created from type
// information only).
func Build(fset *token.FileSet, path string, mode ssa.BuilderMode, deps []*types.Package, files ...Source) (*ssa.Package, []*ast.File, error) {
	parsed, err := parse(fset, files)
	if err != nil {
		return nil, nil, err
	}
	conf := &types.Config{Importer: imports(fset, deps)}
	pkg, _, err := ssautil.BuildPackage(conf, fset, types.NewPackage(path, parsed[0].Name.Name), parsed, mode)
	return pkg, parsed, err
}

func parse(fset *token.FileSet, files []Source) ([]*ast.File, error) {
	var parsed []*ast.File
	for _, s := range files {
		var src any
		if s.Src != "" {
			src = s.Src
		}
		f, err := parser.ParseFile(fset, s.Name, src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	return parsed, nil
}

// imports finds deps by path and the standard library from source.
func imports(fset *token.FileSet, deps []*types.Package) types.Importer {
	std := importer.ForCompiler(fset, "source", nil)
	return importerFunc(func(p string) (*types.Package, error) {
		for _, d := range deps {
			if d.Path() == p {
				return d, nil
			}
		}
		return std.Import(p)
	})
}

// MustBuild is Build for a test: it fails t on any error.
func MustBuild(t testing.TB, fset *token.FileSet, path string, mode ssa.BuilderMode, files ...Source) (*ssa.Package, []*ast.File) {
	t.Helper()
	pkg, parsed, err := Build(fset, path, mode, nil, files...)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, parsed
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
