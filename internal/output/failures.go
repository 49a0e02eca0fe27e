package output

import (
	"cmp"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
)

// Failure is a package that was not analysed because it does not build:
// a syntax or type error, a missing import. One Failure per message of
// the compiler or the go command.
type Failure struct {
	Package string // import path; "" when it cannot be told
	Posn    string // "file:line:col" (absolute) or "file:line"; "" when the message has none
	Message string
}

func (f Failure) String() string {
	s := f.Message
	if f.Posn != "" {
		s = f.Posn + ": " + s
	}
	if f.Package != "" {
		s = f.Package + ": " + s
	}
	return s
}

// errorLine is "file:line[:col]: message" as the go command, the
// compiler and go/packages print errors.
var errorLine = regexp.MustCompile(`^(\S.*?:\d+(?::\d+)?): (.*)$`)

// ParseBuildErrors reads what go vet (or the in-process driver) printed
// on stderr besides its JSON, one string per line, and returns the
// packages that failed to build, with the lines it did not understand
// (the go command's own notes, such as "go: downloading ...") for the
// caller to pass on. go vet prints a failed package as a "# pkg" header
// followed by the compiler's messages; errors found while loading (a
// missing import) and the in-process driver's come without a header,
// and their package is told from the file's directory and go.mod.
// Relative file names are taken relative to dir, go vet's working
// directory. A JSON value in lines (go commands older than 1.26 print the
// tool's JSON on stderr, under "# pkg" headers) is not an error: it goes
// to rest, up to the next header, for the caller to read or pass on.
func ParseBuildErrors(lines []string, dir string) (failures []Failure, rest []string) {
	pkgs := make(packageFinder)
	header, inJSON := "", false
	for _, line := range lines {
		switch {
		case strings.HasPrefix(line, "# "):
			header, inJSON = packageName(strings.Trim(line[2:], "[]")), false
		case inJSON || strings.HasPrefix(line, "{"):
			inJSON = true
			rest = append(rest, line)
		case strings.HasPrefix(line, "\t") && len(failures) > 0:
			// A continuation, as in "to add it:\n\tgo get example.com/x".
			failures[len(failures)-1].Message += "\n" + line
		case strings.TrimSpace(line) == "":
		case errorLine.MatchString(line):
			m := errorLine.FindStringSubmatch(line)
			posn := m[1]
			if p := ParsePosn(posn); !filepath.IsAbs(p.File) {
				posn = filepath.Join(dir, p.File) + posn[len(p.File):]
			}
			pkg := header
			if pkg == "" {
				pkg = pkgs.of(filepath.Dir(ParsePosn(posn).File))
			}
			failures = append(failures, Failure{pkg, posn, m[2]})
		case header != "":
			failures = append(failures, Failure{Package: header, Message: line})
		default:
			rest = append(rest, line)
		}
	}
	slices.SortFunc(failures, compareFailures)
	return slices.Compact(failures), rest
}

func compareFailures(a, b Failure) int {
	pa, pb := ParsePosn(a.Posn), ParsePosn(b.Posn)
	return cmp.Or(cmp.Compare(a.Package, b.Package), cmp.Compare(pa.File, pb.File),
		cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col), cmp.Compare(a.Message, b.Message))
}

// packageFinder tells the import path of a directory from the go.mod
// above it, caching each directory's answer.
type packageFinder map[string]string

func (pf packageFinder) of(dir string) string {
	if pkg, ok := pf[dir]; ok {
		return pkg
	}
	pkg := ""
	if mod, root := modulePath(dir); mod != "" {
		rel, _ := filepath.Rel(root, dir)
		rel = filepath.ToSlash(rel)
		switch vendored, isVendored := strings.CutPrefix(rel, "vendor/"); {
		case isVendored:
			pkg = vendored // a vendored package's path is its import path
		case rel == ".":
			pkg = mod
		case mod == "std":
			pkg = rel
		default:
			pkg = mod + "/" + rel
		}
	}
	pf[dir] = pkg
	return pkg
}

// modulePath finds the go.mod in dir or above it and returns its module
// path ("" when it declares none) and directory.
func modulePath(dir string) (mod, root string) {
	for d := dir; ; {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			return modfile.ModulePath(data), d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", ""
		}
		d = parent
	}
}

// AddFailures records the packages that did not build. The analyzer
// errors that only say a package's errors stopped an analyzer ("analysis
// skipped due to errors in package", "failed prerequisites: ...", as the
// in-process driver words it) name internal passes rather than the
// cause, so they are dropped when the cause is known; when it is not,
// each such package becomes a failure of its own.
func (res *Result) AddFailures(failures []Failure) {
	res.Failures = append(res.Failures, failures...)
	var kept []AnalyzerError
	seen := make(map[string]bool)
	for _, e := range res.Errors {
		switch {
		case !consequence(e.Message):
			kept = append(kept, e)
		case len(failures) == 0 && !seen[e.Package]:
			seen[e.Package] = true
			res.Failures = append(res.Failures, Failure{Package: e.Package,
				Message: "not analysed: it or a package it imports does not build"})
		}
	}
	res.Errors = kept
	slices.SortFunc(res.Failures, compareFailures)
	res.Failures = slices.Compact(res.Failures)
}

// consequence reports whether an analyzer error only says that a
// package's own errors stopped it (the x/tools checker's wording).
func consequence(msg string) bool {
	return strings.HasPrefix(msg, "analysis skipped due to errors in package") ||
		strings.HasPrefix(msg, "failed prerequisites: ")
}

// FailedPackages counts the distinct packages that did not build.
func (res *Result) FailedPackages() int {
	pkgs := make(map[string]bool)
	for _, f := range res.Failures {
		pkgs[f.Package] = true
	}
	return len(pkgs)
}
