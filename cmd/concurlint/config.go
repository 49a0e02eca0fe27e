package main

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/config"
	"github.com/concurlint/concurlint/internal/spawn"
)

// analyzerNames are the suite's analyzer names, as the config file
// takes them.
func analyzerNames(suite []*analysis.Analyzer) []string {
	names := make([]string, len(suite))
	for i, a := range suite {
		names[i] = a.Name
	}
	return names
}

// loadConfig reads the config of the module holding dir (nil outside a
// module).
func loadConfig(dir string, suite []*analysis.Analyzer) (*config.Config, error) {
	return config.Find(dir, analyzerNames(suite))
}

// configure applies the module's config file to a run of the x/tools
// multichecker (go vet's tool protocol, or the in-process driver) with
// command-line arguments args, and returns the arguments to run it
// with: the config's analyzers and spawners as flags ahead of args, so
// that the command line overrides them; findings in excluded files are
// dropped by wrapping each analyzer's Run. It also takes over -V=full,
// so that go vet's cache key covers the config.
func configure(args []string, suite []*analysis.Analyzer) ([]string, error) {
	flag.Var(toolIDFlag{suite}, "V", "print version and exit") // the x/tools drivers then add none
	// The suite's one spawner list, so that go vet passes -spawners on
	// (it asks -flags which flags the tool takes); every analyzer's
	// -NAME.spawners adds to the same list.
	flag.Var(spawn.User, "spawners", spawn.FlagUsage)
	if len(args) == 0 || args[0] == "help" || slices.ContainsFunc(args, func(arg string) bool {
		name, _, _ := splitFlag(arg)
		return strings.HasPrefix(arg, "-") && (name == "flags" || name == "V" || name == "help" || name == "h")
	}) {
		return args, nil // go vet asking for the flags or the tool ID, or help
	}
	dir := "."
	if strings.HasSuffix(args[len(args)-1], ".cfg") { // go vet's tool protocol: one package
		pkg, err := readVetConfig(args[len(args)-1])
		if err != nil {
			return nil, err
		}
		if pkg.VetxOnly {
			skipReports(suite)
		}
		// A dependency from the module cache or the standard library
		// is analysed only for facts, with the defaults: another
		// module's config does not apply to it.
		if pkg.ModulePath == "" || pkg.ModuleVersion != "" {
			return args, nil
		}
		dir = pkg.Dir
	}
	c, err := loadConfig(dir, suite)
	if err != nil || c == nil {
		return args, err
	}
	dropExcluded(suite, c)
	return append(configFlags(c, args, suite), args...), nil
}

// vetPackage is the part of go vet's per-package *.cfg file (x/tools
// unitchecker.Config) that locates the package.
type vetPackage struct {
	Dir           string
	ModulePath    string
	ModuleVersion string
	VetxOnly      bool // go vet wants only the package's facts, for its importers
}

// skipReports makes every analyzer that no fact-producing one needs do
// nothing: for a package go vet analyses only for its importers' sake
// it discards the diagnostics (and the x/tools driver still runs every
// analyzer that requires a fact-producing one, and their prerequisites:
// the inspect pass's index of every dependency, the standard library
// included, was built for passes that then did nothing). An analyzer
// that exports facts, and what it requires, still runs.
func skipReports(suite []*analysis.Analyzer) {
	needed := map[*analysis.Analyzer]bool{}
	var need func(a *analysis.Analyzer)
	need = func(a *analysis.Analyzer) {
		if !needed[a] {
			needed[a] = true
			for _, r := range a.Requires {
				need(r)
			}
		}
	}
	all := requiredBy(suite)
	for _, a := range all {
		if len(a.FactTypes) > 0 {
			need(a)
		}
	}
	for _, a := range all {
		if !needed[a] {
			// A typed zero: only analyzers that are skipped too read it.
			var zero any
			if a.ResultType != nil {
				zero = reflect.Zero(a.ResultType).Interface()
			}
			a.Run = func(*analysis.Pass) (any, error) { return zero, nil }
		}
	}
}

// requiredBy lists the analyzers of suite and everything they require.
func requiredBy(suite []*analysis.Analyzer) []*analysis.Analyzer {
	seen := map[*analysis.Analyzer]bool{}
	var out []*analysis.Analyzer
	var visit func(as []*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
				visit(a.Requires)
			}
		}
	}
	visit(suite)
	return out
}

func readVetConfig(file string) (vetPackage, error) {
	var pkg vetPackage
	data, err := os.ReadFile(file)
	if err == nil {
		err = json.Unmarshal(data, &pkg)
	}
	if err != nil {
		return pkg, fmt.Errorf("reading go vet's package config: %v", err)
	}
	return pkg, nil
}

// configFlags are the flags that say what c says about analyzers and
// spawners, less what args (the command line) decides: any analyzer
// enabled on the command line replaces the config's enable list, a
// -spawners or -NAME.spawners replaces its spawners, and a -NAME flag after these
// overrides the config's word on NAME.
func configFlags(c *config.Config, args []string, suite []*analysis.Analyzer) []string {
	names := analyzerNames(suite)
	cmdEnables, cmdSpawners := false, false
	for _, arg := range args {
		if arg == "--" {
			break
		}
		if !strings.HasPrefix(arg, "-") {
			continue // a flag's value, or a package
		}
		name, value, hasValue := splitFlag(arg)
		if on, err := strconv.ParseBool(value); slices.Contains(names, name) && (!hasValue || err == nil && on) {
			cmdEnables = true
		}
		if name == "spawners" || strings.HasSuffix(name, ".spawners") {
			cmdSpawners = true
		}
	}
	var flags []string
	if !cmdEnables {
		for _, name := range c.Enable {
			flags = append(flags, "-"+name+"=true")
		}
	}
	for _, name := range c.Disable {
		flags = append(flags, "-"+name+"=false")
	}
	if len(c.Spawners) > 0 && !cmdSpawners {
		flags = append(flags, "-spawners="+strings.Join(c.Spawners, ","))
	}
	return flags
}

// dropExcluded makes every analyzer of the suite drop the diagnostics
// that fall in files c excludes. It wraps Run rather than filtering in
// internal/report, so that the analyzers other drivers (golangci-lint,
// nogo) get stay plain; suppression directives in excluded files go
// unreported too, as they reach pass.Report the same way.
func dropExcluded(suite []*analysis.Analyzer, c *config.Config) {
	if len(c.Exclude) == 0 {
		return
	}
	for _, a := range suite {
		run := a.Run
		a.Run = func(pass *analysis.Pass) (any, error) {
			report := pass.Report
			pass.Report = func(d analysis.Diagnostic) {
				if !c.Excluded(pass.Fset.PositionFor(d.Pos, false).Filename) {
					report(d)
				}
			}
			return run(pass)
		}
	}
}

// toolIDFlag is -V=full, which go vet runs once from its working
// directory to key its cache on the tool. Its answer covers the
// executable, as the x/tools drivers' does, and the config files of the
// modules go vet works on there (one, or a go.work workspace's), so
// that editing the config invalidates go vet's cached results. A
// malformed config fails here, once, before go vet analyses anything.
type toolIDFlag struct{ suite []*analysis.Analyzer }

func (toolIDFlag) IsBoolFlag() bool { return true }
func (toolIDFlag) String() string   { return "" }

func (f toolIDFlag) Set(value string) error {
	if value != "full" {
		return fmt.Errorf("unsupported value %q: use -V=full", value)
	}
	if err := printToolID(os.Stdout, f.suite); err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
		os.Exit(exitUsage)
	}
	os.Exit(exitClean)
	return nil
}

func printToolID(w io.Writer, suite []*analysis.Analyzer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	f, err := os.Open(exe)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	for _, root := range config.Modules(".") {
		c, err := loadConfig(root, suite)
		if err != nil {
			return err
		}
		if c.File != "" {
			fmt.Fprintf(h, "\n%s\n%s", filepath.ToSlash(c.File), c.Data)
		}
	}
	_, err = fmt.Fprintf(w, "%s version devel comments-go-here buildID=%02x\n", exe, h.Sum(nil))
	return err
}
