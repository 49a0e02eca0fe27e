package main

import (
	"flag"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/spawn"
)

// goBoolFlags are the go command's boolean build flags that go vet
// accepts; goValueFlags are those that take a value.
var goBoolFlags = map[string]bool{
	"a": true, "asan": true, "buildvcs": true, "cover": true, "linkshared": true,
	"modcacherw": true, "msan": true, "race": true, "trimpath": true,
}

var goValueFlags = map[string]bool{
	"C": true, "asmflags": true, "compiler": true, "gccgoflags": true, "gcflags": true,
	"installsuffix": true, "ldflags": true, "mod": true, "modfile": true, "overlay": true,
	"p": true, "pgo": true, "pkgdir": true, "tags": true, "toolexec": true,
}

// goNoisyFlags are build flags that make the go command print its own
// work among the results, or not run the analysis at all.
var goNoisyFlags = map[string]bool{"n": true, "v": true, "work": true, "x": true}

// splitFlag splits a command-line flag, -name[=value] or
// --name[=value], into its name and value.
func splitFlag(arg string) (name, value string, hasValue bool) {
	return strings.Cut(strings.TrimLeft(arg, "-"), "=")
}

// splitBuildFlags separates the go command's build flags in args, each
// as one -flag=value word (the form GOFLAGS takes), from the others.
func splitBuildFlags(args []string) (goflags, others []string) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, _, hasValue := splitFlag(arg)
		if !goValueFlags[name] && !goBoolFlags[name] {
			others = append(others, arg)
			continue
		}
		if goValueFlags[name] && !hasValue && i+1 < len(args) {
			i++
			arg += "=" + args[i]
		}
		goflags = append(goflags, arg)
	}
	return goflags, others
}

// flagSpec says how to read one flag that is passed on to go vet or to
// the checker: whether it is boolean, and how to check its value.
type flagSpec struct {
	isBool bool
	check  func(value string) error
}

// lookupFlag finds a flag that is neither concurlint's own nor its
// modes': an analyzer's -NAME switch, an analyzer's -NAME.flag, or a go
// build flag. Values are checked with the analyzers' own flag.Values, so
// a malformed value is a usage error here rather than once per package
// under go vet.
func lookupFlag(name string, suite []*analysis.Analyzer) (flagSpec, error) {
	for _, a := range suite {
		if name == a.Name {
			return flagSpec{isBool: true, check: checkBool}, nil
		}
		if fname, ok := strings.CutPrefix(name, a.Name+"."); ok {
			f := a.Flags.Lookup(fname)
			if f == nil {
				return flagSpec{}, fmt.Errorf("analyzer %s has no flag -%s (concurlint help %s lists its flags)", a.Name, fname, a.Name)
			}
			return flagSpec{isBool: isBoolFlag(f.Value), check: func(v string) error { return checkValue(f, v) }}, nil
		}
	}
	switch {
	case name == "spawners":
		return flagSpec{check: func(v string) error { return new(spawn.Spawners).Set(v) }}, nil
	case goValueFlags[name]:
		return flagSpec{check: func(string) error { return nil }}, nil
	case name == "buildvcs":
		return flagSpec{isBool: true, check: func(v string) error {
			if v == "auto" {
				return nil
			}
			return checkBool(v)
		}}, nil
	case goBoolFlags[name]:
		return flagSpec{isBool: true, check: checkBool}, nil
	case goNoisyFlags[name]:
		return flagSpec{}, fmt.Errorf("flag -%s is not supported: the go command's own output would mix with the results (run go vet -%s directly)", name, name)
	}
	return flagSpec{}, fmt.Errorf("unknown flag -%s: not a concurlint flag, an analyzer (%s), an analyzer's flag or a go build flag",
		name, strings.Join(analyzerNames(suite), ", "))
}

// checkValue sets value on a fresh copy of f's value, so that it is
// parsed by the analyzer's own code without touching the analyzer.
func checkValue(f *flag.Flag, value string) error {
	t := reflect.TypeOf(f.Value)
	if t.Kind() != reflect.Pointer {
		return nil
	}
	fresh, ok := reflect.New(t.Elem()).Interface().(flag.Value)
	if !ok {
		return nil
	}
	if err := fresh.Set(value); err != nil {
		return fmt.Errorf("invalid value %q: %v", value, err)
	}
	return nil
}

func checkBool(value string) error {
	if _, err := strconv.ParseBool(value); err != nil {
		return fmt.Errorf("%q is not a boolean (true or false)", value)
	}
	return nil
}

func isBoolFlag(v flag.Value) bool {
	b, ok := v.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// vetProtocol reports whether go vet is talking to this binary as its
// tool: `-V=full` (the cache key), `-flags` (the flags it may pass), or
// a single *.cfg argument after the flags (one package to analyse).
func vetProtocol(args []string) bool {
	if len(args) == 1 && (args[0] == "-V=full" || args[0] == "-flags") {
		return true
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// printShortUsage is what a bare `concurlint` prints.
func printShortUsage(w io.Writer) {
	fmt.Fprint(w, `usage: concurlint [flags] packages     (for example: concurlint ./...)
Run 'concurlint -h' for the flags, 'concurlint help' for the analyzers.
`)
}

// printUsage lists concurlint's own flags (-h).
func printUsage(w io.Writer, suite []*analysis.Analyzer) {
	fmt.Fprintf(w, `usage: concurlint [flags] packages
       concurlint help [NAME]       the analyzers, or one analyzer's documentation and flags
       concurlint version           the version and VCS revision

Exit codes: 0 clean, 3 findings, 1 errors (a package failed to build, or
output that was not understood), 2 usage errors.

Output:
  -format=FORMAT     text (default, on stderr), json, sarif or github (on stdout)
  -json              same as -format=json
  -o FILE            write the output to FILE
  -c N               text: print N lines of source context around each finding

Analyzers (%s):
  -spawners=LIST     functions that run their function argument on a new goroutine,
                     for every analyzer: pkgpath.Func or (*pkgpath.T).Method, comma-separated
                     (functions found to do so, such as a pool's Submit, need no naming)
  -NAME              run only the analyzers named this way
  -NAME=false        run all analyzers but this one
  -NAME.FLAG=VALUE   an analyzer's flag, e.g. -loopcapture.spawners=example.com/sup.Go
                     ('concurlint help NAME' lists them)

Drivers and modes:
  -driver=vet        go vet -vettool=concurlint underneath: per package, cached (default)
  -driver=inprocess  every package in one process: faster on a cold build cache
  -test=false        leave out test files (runs in one process)
  -fix               apply the suggested fixes (text output only)
  -diff              with -fix: print the fixes as a diff instead of applying them
  -version           print the version and exit

Adoption (docs/config.md; a .concurlint.conf at the module root holds the same settings):
  -baseline=FILE        report only the findings not recorded in FILE
  -write-baseline=FILE  record the current findings in FILE

Go build flags (-tags, -mod, -gcflags, -race, ...) are passed to the go command.

Under go vet, with concurlint on PATH:
  go vet -vettool="$(command -v concurlint || echo concurlint-not-on-PATH)" ./...
`, strings.Join(analyzerNames(suite), ", "))
}
