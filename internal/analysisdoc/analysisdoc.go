// Package analysisdoc extracts an analyzer's documentation from the
// package comment of its doc.go, so that doc.go is the one source of
// `concurlint help NAME`, the README table and SARIF rule text.
//
// The format is the one x/tools uses:
//
//	# Analyzer NAME
//
//	NAME: one-line summary
//
//	Full description...
package analysisdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract is Extract that panics on a malformed doc.go; it is
// called from package initialisers, where a bad doc is a build error.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract returns the section of doc.go's package comment headed
// "# Analyzer NAME", without the "NAME: " prefix: the summary line,
// a blank line, and the full description (the form of Analyzer.Doc).
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("doc.go for %s: %v", name, err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go for %s has no package comment", name)
	}
	for _, section := range strings.Split(f.Doc.Text(), "\n# ") {
		body, ok := strings.CutPrefix(section, "Analyzer "+name)
		if !ok || body == "" || body[0] != '\n' {
			continue
		}
		body = strings.TrimSpace(body)
		rest, ok := strings.CutPrefix(body, name+":")
		if !ok {
			return "", fmt.Errorf("doc.go: 'Analyzer %s' heading not followed by '%s: summary'", name, name)
		}
		return strings.TrimSpace(rest), nil
	}
	return "", fmt.Errorf("doc.go has no 'Analyzer %s' heading", name)
}

// Summary returns the first line of an Analyzer.Doc.
func Summary(doc string) string {
	line, _, _ := strings.Cut(doc, "\n")
	return strings.TrimSpace(line)
}
