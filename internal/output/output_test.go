package output

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/sarifschema"
)

// stream is what go vet -json prints for two packages, one of them the
// test variant repeating a finding, with an analyzer error.
func stream(dir string) string {
	src := filepath.Join(dir, "a.go")
	return `{}
{
	"example.com/a [example.com/a.test]": {
		"lockorder": [
			{
				"posn": "` + src + `:3:12",
				"end": "` + src + `:3:16",
				"message": "lock order inversion: [x] then y",
				"related": [{"posn": "` + src + `:2:1", "end": "` + src + `:2:1", "message": "y acquired here"}],
				"suggested_fixes": [{"message": "Swap", "edits": [{"filename": "` + src + `", "start": 3, "end": 5, "new": "ok"}, {"filename": "` + src + `", "start": 7, "end": 8, "new": ""}]}]
			}
		]
	}
}
{
	"example.com/a": {
		"lockorder": [
			{
				"posn": "` + src + `:3:12",
				"end": "` + src + `:3:16",
				"message": "lock order inversion: [x] then y",
				"related": [{"posn": "` + src + `:2:1", "end": "` + src + `:2:1", "message": "y acquired here"}]
			}
		],
		"ctxleak": {"error": "boom"}
	}
}
`
}

func parse(t *testing.T, dir string) *Result {
	t.Helper()
	// Line 3 has a two-byte rune before the finding's column, so the
	// SARIF column (UTF-16 units) is one less than Go's byte column.
	src := "package a\n\nvar s = \"é\"; var t = 1\n"
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Parse(strings.NewReader(stream(dir)))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestParse(t *testing.T) {
	res := parse(t, t.TempDir())
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want the test variant's repeat dropped: %+v", len(res.Findings), res.Findings)
	}
	if f := res.Findings[0]; f.Package != "example.com/a" || f.Analyzer != "lockorder" {
		t.Errorf("finding = %+v", f)
	}
	if len(res.Errors) != 1 || res.Errors[0].String() != "example.com/a: ctxleak: boom" {
		t.Errorf("errors = %q", res.Errors)
	}
}

func TestParsePosn(t *testing.T) {
	for posn, want := range map[string]Position{
		"/a/b.go:3:12":    {"/a/b.go", 3, 12},
		"/a/b.go:3":       {"/a/b.go", 3, 0},
		"C:\\x\\b.go:1:2": {"C:\\x\\b.go", 1, 2},
		"-":               {"-", 0, 0},
	} {
		if got := ParsePosn(posn); got != want {
			t.Errorf("ParsePosn(%q) = %+v, want %+v", posn, got, want)
		}
	}
}

func TestText(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := Text(&buf, parse(t, dir), Options{Dir: dir, Context: -1}); err != nil {
		t.Fatal(err)
	}
	want := "a.go:3:12: lock order inversion: [x] then y\na.go:2:1: \ty acquired here\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	buf.Reset()
	Text(&buf, parse(t, dir), Options{Dir: dir, Context: 0})
	if !strings.Contains(buf.String(), "3\tvar s = \"é\"; var t = 1\n") {
		t.Errorf("-c=0 shows no source line:\n%s", buf.String())
	}
}

func TestGitHub(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := GitHub(&buf, parse(t, dir), Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=a.go,line=3,col=12,endLine=3,endColumn=16,title=concurlint (lockorder)::" +
		"lock order inversion: [x] then y%0Aa.go:2:1: y acquired here\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	if got := escapeProperty("a,b:c%\n"); got != "a%2Cb%3Ac%25%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
}

func TestSARIF(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	tool := Tool{Name: "concurlint", InformationURI: "https://github.com/concurlint/concurlint",
		Rules: []Rule{{ID: "lockorder", Summary: "report lock-order inversions", Help: "long", HelpURI: "https://example.com/#lockorder"}}}
	if err := SARIF(&buf, parse(t, dir), tool, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if err := sarifschema.Validate(buf.Bytes()); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	var log struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
						Region           struct{ StartLine, StartColumn, EndColumn int }
					} `json:"physicalLocation"`
				}
				RelatedLocations []json.RawMessage `json:"relatedLocations"`
				Fixes            []json.RawMessage `json:"fixes"`
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Invocations[0].ExecutionSuccessful {
		t.Error("an analyzer failed, but the invocation says it succeeded")
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if r.RuleID != "lockorder" || loc.ArtifactLocation.URI != "a.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("result = %+v", r)
	}
	if loc.Region.StartLine != 3 || loc.Region.StartColumn != 11 || loc.Region.EndColumn != 15 {
		t.Errorf("region = %+v, want line 3, UTF-16 columns 11-15", loc.Region)
	}
	if want := `lock order inversion: \[x\] then y` + "\n[a.go:2](1): y acquired here"; r.Message.Text != want {
		t.Errorf("message = %q, want %q", r.Message.Text, want)
	}
	if len(r.RelatedLocations) != 1 || len(r.Fixes) != 1 {
		t.Errorf("related %d, fixes %d; want 1 and 1", len(r.RelatedLocations), len(r.Fixes))
	}
}
