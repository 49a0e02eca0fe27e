package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/analysisdoc"
	"github.com/concurlint/concurlint/internal/output"
)

// Exit codes of the standalone command, the same for every format, so a
// CI step fails exactly when there are findings.
const (
	exitClean    = 0
	exitErrors   = 1 // packages failed to build, load or type-check; an analyzer failed
	exitUsage    = 2
	exitFindings = 3
)

// helpURI is where each analyzer's documentation is published for the
// git ref (a tag, a revision or main): the README's analyzer table has
// an anchor per analyzer.
func helpURI(ref string) string {
	return "https://github.com/concurlint/concurlint/blob/" + ref + "/README.md#"
}

// options are the standalone command's own flags; every other flag,
// checked by lookupFlag, goes to go vet, which passes the analyzers'
// flags through to them (or to the in-process checker: see
// inProcessCommand).
type options struct {
	format   string // text, json, sarif or github
	driver   string // vet (default) or inprocess
	out      string // file to write to; "" for the format's default stream
	context  int    // -c: lines of source context in text output
	vetArgs  []string
	patterns []string

	fix, diff bool // -fix, -diff: rewrite files in one process
	explicit  bool // -format, -json or -o was given
	test      bool // -test was given: go vet cannot honour it
	help      bool // -h, -help
	version   bool // -version

	baseline      string // -baseline: report only findings not in this file
	writeBaseline string // -write-baseline: record the findings in this file
}

// parseArgs splits the command line into concurlint's own flags, the
// flags for go vet and the analyzers, and the package patterns.
func parseArgs(args []string, suite []*analysis.Analyzer) (options, error) {
	o := options{format: "text", driver: "vet", context: -1}
	own := map[string]*string{"format": &o.format, "driver": &o.driver, "o": &o.out,
		"baseline": &o.baseline, "write-baseline": &o.writeBaseline}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			o.patterns = append(o.patterns, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			o.patterns = append(o.patterns, args[i:]...)
			break
		}
		name, value, hasValue := splitFlag(arg)
		takeValue := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag -%s needs a value", name)
			}
			i++
			return args[i], nil
		}
		if dst, ok := own[name]; ok {
			v, err := takeValue()
			if err != nil {
				return o, err
			}
			*dst = v
			o.explicit = o.explicit || name == "format" || name == "o"
			continue
		}
		// boolean reads a boolean flag's optional value.
		boolean := func() (bool, error) {
			if !hasValue {
				return true, nil
			}
			if err := checkBool(value); err != nil {
				return false, fmt.Errorf("flag -%s: %v", name, err)
			}
			b, _ := strconv.ParseBool(value)
			return b, nil
		}
		switch name {
		case "json", "fix", "diff", "h", "help", "version":
			b, err := boolean()
			if err != nil {
				return o, err
			}
			switch name {
			case "json":
				if b {
					o.format, o.explicit = "json", true
				}
			case "fix":
				o.fix = b
			case "diff":
				o.diff = b
			case "version":
				o.version = b
			default:
				o.help = b
			}
		case "test":
			// go vet always analyses tests: -test runs the checker
			// in one process.
			if _, err := boolean(); err != nil {
				return o, err
			}
			o.test = true
			o.vetArgs = append(o.vetArgs, arg)
		case "c":
			v, err := takeValue()
			if err != nil {
				return o, err
			}
			if _, err := fmt.Sscan(v, &o.context); err != nil {
				return o, fmt.Errorf("flag -c: %q is not a number", v)
			}
		default:
			spec, err := lookupFlag(name, suite)
			if err != nil {
				return o, err
			}
			o.vetArgs = append(o.vetArgs, arg)
			if !hasValue && !spec.isBool {
				if i+1 >= len(args) {
					return o, fmt.Errorf("flag -%s needs a value", name)
				}
				i++
				value = args[i]
				o.vetArgs = append(o.vetArgs, value)
			}
			if hasValue || !spec.isBool {
				if err := spec.check(value); err != nil {
					return o, fmt.Errorf("flag -%s: %v", name, err)
				}
			}
		}
	}
	if o.help || o.version {
		return o, nil
	}
	if o.diff && !o.fix {
		return o, fmt.Errorf("-diff needs -fix: -fix -diff prints the fixes as a diff instead of applying them")
	}
	if o.fix && o.explicit {
		return o, fmt.Errorf("-fix rewrites files and prints text: it takes no -format, -json or -o")
	}
	if o.fix && (o.baseline != "" || o.writeBaseline != "") {
		return o, fmt.Errorf("-fix applies every fix it has: it takes no -baseline or -write-baseline")
	}
	if o.test {
		// Whatever -driver says: go vet always analyses test files.
		o.driver = "inprocess"
	}
	if len(o.patterns) == 0 {
		return o, fmt.Errorf("no packages named (try ./...)")
	}
	switch o.format {
	case "text", "json", "sarif", "github":
	default:
		return o, fmt.Errorf("unknown -format %q: want text, json, sarif or github", o.format)
	}
	if o.driver != "vet" && o.driver != "inprocess" {
		return o, fmt.Errorf("unknown -driver %q: want vet or inprocess", o.driver)
	}
	return o, nil
}

// runStandalone analyses the packages the way go vet does — one process
// per package, facts passed through files, results cached by the go
// command — by running `go vet -vettool=<this binary> -json` (or, with
// -driver=inprocess or -test, the in-process checker: see command) and
// formatting its output, less the baselined findings. Memory stays that
// of one package at a time instead of the whole program's, and a rerun
// over unchanged code is served from go vet's cache. -fix is runFix's.
func runStandalone(o options, suite []*analysis.Analyzer, stdout, stderr io.Writer) int {
	base, err := prepareBaseline(o, suite)
	if err != nil {
		fmt.Fprintf(stderr, "concurlint: %v\n", err)
		return exitUsage
	}
	self, err := executable()
	if err != nil {
		fmt.Fprintf(stderr, "concurlint: cannot find its own executable for go vet: %v\n", err)
		return exitErrors
	}
	if o.fix {
		return runFix(o, self, stdout, stderr)
	}
	vet := o.command(self)
	// Both streams are read alike: go1.26 writes the JSON to stdout,
	// older go commands to stderr.
	var mu sync.Mutex
	vetOut := &vetStream{mu: &mu, out: stderr}
	vetErrOut := &vetStream{mu: &mu, out: stderr}
	prog, l, listed := o.startProgress(stderr)
	vet.Stdout, vet.Stderr = tee(vetOut, prog), tee(vetErrOut, prog)
	vetErr := vet.Run()
	prog.clear()
	vetOut.close()
	vetErrOut.close()
	code := exitClean
	if vetErr != nil {
		var exit *exec.ExitError
		if !errors.As(vetErr, &exit) {
			fmt.Fprintf(stderr, "concurlint: running go vet: %v\n", vetErr)
			return exitErrors
		}
		code = exitErrors // go vet reported build or type errors on stderr
	}
	res, err := output.Parse(io.MultiReader(&vetOut.json, &vetErrOut.json))
	if err != nil {
		fmt.Fprintf(stderr, "concurlint: %v\n", err)
		return exitErrors
	}
	// Lines that are neither JSON nor go command chatter: compile
	// errors become the result's failures; anything else is shown.
	unknown := addFailures(res, append(vetOut.other, vetErrOut.other...), workDir(), stderr)
	if len(res.Failures) > 0 {
		code = exitErrors
	}
	if unknown > 0 {
		// Never pass on output that was not understood: it may be
		// the only sign that nothing was analysed.
		msg := fmt.Sprintf("%s printed %d line(s) that are not analysis results (shown on stderr)", filepath.Base(vet.Path), unknown)
		if code == exitClean {
			fmt.Fprintf(stderr, "concurlint: %s; failing rather than passing unchecked\n", msg)
		}
		if o.format != "text" {
			// The machine formats say so too: SARIF's
			// executionSuccessful is false, github gets an ::error.
			res.Failures = append(res.Failures, output.Failure{Message: msg})
		}
		code = exitErrors
	}
	for _, e := range res.Errors {
		code = exitErrors
		fmt.Fprintf(stderr, "concurlint: %s\n", e.String())
	}
	if done, code := base.apply(res, code, stderr); done {
		return code
	}
	if o.format == "text" && !listed {
		l, listed = o.list()
	}
	if err := write(o, res, suite, stdout, stderr, summary(res, l, listed)); err != nil {
		fmt.Fprintf(stderr, "concurlint: %v\n", err)
		return exitErrors
	}
	if code == exitClean && len(res.Findings) > 0 {
		code = exitFindings
	}
	return code
}

// inProcessEnv makes the binary run the x/tools multichecker whatever
// its arguments: the in-process driver runs itself that way.
const inProcessEnv = "CONCURLINT_DRIVER=inprocess"

// command is the run whose JSON output the standalone driver formats:
// go vet with this binary as its tool (one process per package, memory
// of one package, results cached), or with -driver=inprocess this
// binary as the x/tools multichecker (all packages in one process:
// faster on a cold cache, but memory grows with the whole program).
func (o options) command(self string) *exec.Cmd {
	if o.driver == "inprocess" {
		return o.inProcessCommand(self, "-json")
	}
	args := append([]string{"vet", "-vettool=" + self, "-json"}, o.vetArgs...)
	return exec.Command(goCommand(), append(args, o.patterns...)...)
}

// inProcessCommand runs this binary as the x/tools multichecker on o's
// packages, with mode (-json, -fix, -diff) first. The multichecker takes
// no build flags: they go through GOFLAGS, which go/packages passes to
// go list.
func (o options) inProcessCommand(self string, mode ...string) *exec.Cmd {
	goflags, flags := splitBuildFlags(o.vetArgs)
	cmd := exec.Command(self, slices.Concat(mode, flags, o.patterns)...)
	cmd.Env = append(os.Environ(), inProcessEnv)
	if len(goflags) > 0 {
		cmd.Env = append(cmd.Env, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" "+strings.Join(goflags, " ")))
	}
	return cmd
}

// write prints res in o's format to o.out, or to the format's default
// stream: text goes to stderr, as go vet and the x/tools drivers print
// it; the machine formats go to stdout.
//
// Text output ends with the summary line; the machine formats have none.
func write(o options, res *output.Result, suite []*analysis.Analyzer, stdout, stderr io.Writer, summary string) (err error) {
	w := stdout
	if o.format == "text" {
		w = stderr
	}
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	opts := output.Options{Dir: workDir(), Context: o.context}
	switch o.format {
	case "json":
		return output.JSON(w, res)
	case "sarif":
		return output.SARIF(w, res, sarifTool(suite), opts)
	case "github":
		return output.GitHub(w, res, opts)
	}
	if err := output.Text(w, res, opts); err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, summary)
	return err
}

// sarifTool describes concurlint and its analyzers for SARIF, from each
// analyzer's doc.go.
func sarifTool(suite []*analysis.Analyzer) output.Tool {
	v := readVersion()
	tool := output.Tool{
		Name:           "concurlint",
		Version:        v.version(),
		SemVer:         v.semanticVersion(),
		InformationURI: "https://github.com/concurlint/concurlint",
	}
	for _, a := range suite {
		tool.Rules = append(tool.Rules, output.Rule{
			ID:      a.Name,
			Summary: analysisdoc.Summary(a.Doc),
			Help:    a.Name + ": " + a.Doc, // as `concurlint help NAME` starts
			HelpURI: helpURI(v.docRef()) + a.Name,
		})
	}
	return tool
}

// goCommand is the go command to run go vet with: the one on PATH, as a
// user's shell would pick.
func goCommand() string {
	if path, err := exec.LookPath("go"); err == nil {
		return path
	}
	return "go"
}
