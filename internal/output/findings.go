// Package output reads the findings of a `go vet -json` run of concurlint
// and writes them in the formats the standalone command offers: text (as
// go vet prints it), JSON (the x/tools tree), SARIF 2.1.0 for code
// scanning, and GitHub Actions workflow annotations.
package output

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The JSON shapes below mirror what x/tools' analysis drivers print with
// -json (internal/analysis/driverutil): one object per package,
// {"pkgpath": {"analyzer": [diagnostic...] or {"error": "..."}}}.

// Diagnostic is one finding as the analysis drivers print it in JSON.
type Diagnostic struct {
	Category       string    `json:"category,omitempty"`
	Posn           string    `json:"posn"`
	End            string    `json:"end"`
	Message        string    `json:"message"`
	SuggestedFixes []Fix     `json:"suggested_fixes,omitempty"`
	Related        []Related `json:"related,omitempty"`
}

// Fix is a suggested fix: edits applied together or not at all.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Edit replaces the bytes [Start, End) of Filename with New.
type Edit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// Related is a diagnostic's secondary position: the other side of it.
type Related struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// Finding is a Diagnostic with the package and analyzer that reported it.
type Finding struct {
	Package  string
	Analyzer string
	Diagnostic
}

// Result is everything one run reported.
type Result struct {
	Findings []Finding
	Errors   []AnalyzerError
	Failures []Failure // packages that did not build (see AddFailures)
}

// AnalyzerError is an analyzer's failure on a package.
type AnalyzerError struct {
	Package, Analyzer, Message string
}

func (e AnalyzerError) String() string {
	return e.Package + ": " + e.Analyzer + ": " + e.Message
}

// Parse reads a stream of JSON trees (go vet -json prints one per
// package) and returns the findings sorted by position, each once: a
// package and its test variant report the same finding twice.
func Parse(r io.Reader) (*Result, error) {
	res := new(Result)
	dec := json.NewDecoder(r)
	for {
		var tree map[string]map[string]json.RawMessage
		err := dec.Decode(&tree)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading go vet's JSON output: %v", err)
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				if err := res.add(pkg, name, raw); err != nil {
					return nil, err
				}
			}
		}
	}
	res.Findings = dedupe(res.Findings)
	slices.SortFunc(res.Errors, func(a, b AnalyzerError) int {
		return cmp.Or(cmp.Compare(a.Package, b.Package), cmp.Compare(a.Analyzer, b.Analyzer),
			cmp.Compare(a.Message, b.Message))
	})
	res.Errors = slices.Compact(res.Errors)
	return res, nil
}

// add records one analyzer's result on one package.
func (res *Result) add(pkg, analyzer string, raw json.RawMessage) error {
	if strings.HasPrefix(strings.TrimSpace(string(raw)), "{") {
		var failed struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(raw, &failed); err != nil {
			return fmt.Errorf("%s: %s: %v", pkg, analyzer, err)
		}
		res.Errors = append(res.Errors, AnalyzerError{packageName(pkg), analyzer, failed.Error})
		return nil
	}
	var diags []Diagnostic
	if err := json.Unmarshal(raw, &diags); err != nil {
		return fmt.Errorf("%s: %s: %v", pkg, analyzer, err)
	}
	for _, d := range diags {
		res.Findings = append(res.Findings, Finding{packageName(pkg), analyzer, d})
	}
	return nil
}

// packageName drops the test-variant suffix: "p [p.test]" is package p.
func packageName(id string) string {
	name, _, _ := strings.Cut(id, " ")
	return name
}

// dedupe sorts findings by position, analyzer and message and drops
// repeats.
func dedupe(fs []Finding) []Finding {
	slices.SortStableFunc(fs, compareFindings)
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		return a.Posn == b.Posn && a.Analyzer == b.Analyzer && a.Message == b.Message &&
			a.Package == b.Package && slices.EqualFunc(a.Related, b.Related,
			func(x, y Related) bool { return x == y })
	})
}

func compareFindings(a, b Finding) int {
	pa, pb := ParsePosn(a.Posn), ParsePosn(b.Posn)
	return cmp.Or(
		cmp.Compare(pa.File, pb.File),
		cmp.Compare(pa.Line, pb.Line),
		cmp.Compare(pa.Col, pb.Col),
		cmp.Compare(a.Analyzer, b.Analyzer),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Package, b.Package),
		cmp.Compare(len(b.SuggestedFixes), len(a.SuggestedFixes)), // keep the copy with fixes
	)
}

// Position is a parsed "file:line:col".
type Position struct {
	File      string
	Line, Col int
}

// ParsePosn splits "file:line:col" (or "file:line", or "file"). File
// names may themselves contain colons, so it splits from the right.
func ParsePosn(posn string) Position {
	p := Position{File: posn}
	for _, field := range []*int{&p.Col, &p.Line} {
		i := strings.LastIndexByte(p.File, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(p.File[i+1:])
		if err != nil {
			break
		}
		*field, p.File = n, p.File[:i]
	}
	if p.Line == 0 && p.Col != 0 { // only "file:line"
		p.Line, p.Col = p.Col, 0
	}
	return p
}
