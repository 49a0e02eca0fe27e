package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/analysisdoc"
)

// update rewrites README.md's analyzer table:
//
//	go test ./cmd/concurlint -run TestReadme -args -update
var update = flag.Bool("update", false, "rewrite the analyzer table in README.md")

const (
	tableBegin = "<!-- analyzers:begin -->"
	tableEnd   = "<!-- analyzers:end -->"
)

// analyzerTable renders the README's table of analyzers from their
// documentation (each analyzer's doc.go), in suite order. Each row has
// an anchor named after its analyzer: SARIF rules link there (helpURI).
func analyzerTable() string {
	var b strings.Builder
	b.WriteString("| Analyzer | Reports | Docs |\n")
	b.WriteString("|---|---|---|\n")
	for _, a := range analyzers.All() {
		summary := strings.ReplaceAll(analysisdoc.Summary(a.Doc), "|", `\|`)
		fmt.Fprintf(&b, "| <a id=\"%s\"></a>`%s` | %s | [doc.go](analyzers/%s/doc.go) |\n", a.Name, a.Name, summary, a.Name)
	}
	return b.String()
}

// TestReadme checks that README.md's analyzer table, between the
// analyzers:begin and analyzers:end markers, is the one the analyzers'
// docs produce; -update rewrites it.
func TestReadme(t *testing.T) {
	readme := filepath.Join("..", "..", "README.md")
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	head, rest, ok1 := strings.Cut(text, tableBegin+"\n")
	current, tail, ok2 := strings.Cut(rest, tableEnd)
	if !ok1 || !ok2 {
		t.Fatalf("README.md lacks the %s / %s markers (each on a line of its own)", tableBegin, tableEnd)
	}
	want := analyzerTable()
	if current == want {
		return
	}
	if *update {
		updated := head + tableBegin + "\n" + want + tableEnd + tail
		if err := os.WriteFile(readme, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the analyzer table in %s", readme)
		return
	}
	t.Errorf("README.md's analyzer table is out of date; run\n\tgo test ./cmd/concurlint -run TestReadme -args -update\ngot:\n%s\nwant:\n%s", current, want)
}

// TestAnalyzerDocs checks that every analyzer in the suite has the
// doc.go the README links to, with a summary, and that the text
// `concurlint help NAME` prints has what issue 7 asks of it: a ❌ and a
// ✅ example, how to silence a report, and the analyzer's flags, each
// of which it names.
func TestAnalyzerDocs(t *testing.T) {
	for _, a := range analyzers.All() {
		if _, err := os.Stat(filepath.Join("..", "..", "analyzers", a.Name, "doc.go")); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
		if analysisdoc.Summary(a.Doc) == "" {
			t.Errorf("%s: empty summary", a.Name)
		}
		want := []string{"Reported (❌)", "Not reported (✅)", "concurlint:ignore " + a.Name, "Flags:", "-" + a.Name + "=false"}
		a.Flags.VisitAll(func(f *flag.Flag) {
			want = append(want, "-"+a.Name+"."+f.Name+"=")
		})
		for _, s := range want {
			if !strings.Contains(a.Doc, s) {
				t.Errorf("%s: doc.go lacks %q", a.Name, s)
			}
		}
	}
}
