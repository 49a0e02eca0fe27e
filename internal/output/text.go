package output

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Options say how to render positions.
type Options struct {
	// Dir is the directory paths are shown relative to (as go vet
	// does); files outside it keep their absolute path.
	Dir string
	// Context is the number of source lines shown around each position
	// in text output; negative shows none.
	Context int
}

// Rel returns file relative to o.Dir when it lies inside it.
func (o Options) Rel(file string) string {
	if o.Dir == "" || !filepath.IsAbs(file) {
		return file
	}
	rel, err := filepath.Rel(o.Dir, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return rel
}

// relPosn rewrites the file part of "file:line:col".
func (o Options) relPosn(posn string) string {
	p := ParsePosn(posn)
	if p.Line == 0 {
		return o.Rel(p.File)
	}
	return fmt.Sprintf("%s:%d:%d", o.Rel(p.File), p.Line, p.Col)
}

// Text writes findings as go vet prints them: "file:line:col: message",
// then each related position as "file:line:col: \tmessage".
func Text(w io.Writer, res *Result, o Options) error {
	files := make(map[string][]string) // source lines, read once per file
	show := func(posn, end, message string) {
		fmt.Fprintf(w, "%s: %s\n", o.relPosn(posn), message)
		if o.Context < 0 {
			return
		}
		start, stop := ParsePosn(posn), ParsePosn(end)
		if stop.File != start.File || stop.Line < start.Line {
			stop = start
		}
		lines, ok := files[start.File]
		if !ok {
			data, _ := os.ReadFile(start.File)
			lines = strings.Split(string(data), "\n")
			files[start.File] = lines
		}
		for i := start.Line - o.Context; i <= stop.Line+o.Context; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	writeFailures(w, res.Failures, o)
	for _, f := range res.Findings {
		show(f.Posn, f.End, f.Message)
		for _, r := range f.Related {
			show(r.Posn, r.End, "\t"+r.Message)
		}
	}
	return nil
}

// JSON writes the findings as one x/tools JSON tree for all packages:
// {"pkgpath": {"analyzer": [diagnostic...] or {"error": "..."}}}, keys
// sorted, each finding once. Positions stay absolute, as the x/tools
// drivers print them. A package that did not build has the key "build"
// in place of an analyzer, with the compiler's messages as its error.
func JSON(w io.Writer, res *Result) error {
	tree := make(map[string]map[string]any)
	add := func(pkg, analyzer string, add func(any) any) {
		byAnalyzer := tree[pkg]
		if byAnalyzer == nil {
			byAnalyzer = make(map[string]any)
			tree[pkg] = byAnalyzer
		}
		byAnalyzer[analyzer] = add(byAnalyzer[analyzer])
	}
	for _, f := range res.Findings {
		add(f.Package, f.Analyzer, func(v any) any {
			diags, _ := v.([]Diagnostic)
			return append(diags, f.Diagnostic)
		})
	}
	for _, f := range res.Failures {
		// A package that did not build: one error holding the
		// compiler's messages, under the key "build".
		add(f.Package, "build", func(v any) any {
			prev, _ := v.(jsonError)
			msg := f.Message
			if f.Posn != "" {
				msg = f.Posn + ": " + msg
			}
			if prev.Error != "" {
				msg = prev.Error + "\n" + msg
			}
			return jsonError{msg}
		})
	}
	for _, e := range res.Errors {
		add(e.Package, e.Analyzer, func(any) any {
			return struct {
				Error string `json:"error"`
			}{e.Message}
		})
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

type jsonError struct {
	Error string `json:"error"`
}

// writeFailures prints the packages that did not build as go vet does:
// a "# pkg" header, then the compiler's messages.
func writeFailures(w io.Writer, failures []Failure, o Options) {
	header := ""
	for i, f := range failures {
		if f.Package != "" && (i == 0 || f.Package != header) {
			fmt.Fprintf(w, "# %s\n", f.Package)
		}
		header = f.Package
		if f.Posn != "" {
			fmt.Fprintf(w, "%s: %s\n", o.relPosn(f.Posn), f.Message)
		} else {
			fmt.Fprintln(w, f.Message)
		}
	}
}
