package output

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Rule describes one analyzer for SARIF's tool.driver.rules.
type Rule struct {
	ID      string // the analyzer's name
	Summary string // its one-line summary
	Help    string // its full documentation (doc.go), plain text
	HelpURI string // where the documentation is published
}

// Tool identifies the program in a SARIF log.
type Tool struct {
	Name           string
	Version        string // empty when unknown
	SemVer         string // the version as semver without the "v"; empty if it has none
	InformationURI string
	Rules          []Rule
}

// The SARIF 2.1.0 objects concurlint writes: only the properties it
// fills, so the log stays small (staticcheck and golangci-lint write
// SARIF with small printers of their own too).
type (
	sarifLog struct {
		Version string     `json:"version"`
		Schema  string     `json:"$schema"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		Invocations        []sarifInvocation           `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
		ColumnKind         string                      `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		SemVer         string      `json:"semanticVersion,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string          `json:"id"`
		Name                 string          `json:"name"`
		ShortDescription     sarifMessage    `json:"shortDescription"`
		FullDescription      sarifMessage    `json:"fullDescription"`
		Help                 sarifMessage    `json:"help"`
		HelpURI              string          `json:"helpUri,omitempty"`
		DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
		Properties           map[string]any  `json:"properties,omitempty"`
	}
	sarifRuleConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations,omitempty"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifMessage    `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
		Fixes            []sarifFix      `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifMessage `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           *sarifRegion     `json:"region,omitempty"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int  `json:"startLine,omitempty"`
		StartColumn int  `json:"startColumn,omitempty"`
		EndLine     int  `json:"endLine,omitempty"`
		EndColumn   int  `json:"endColumn,omitempty"`
		ByteOffset  *int `json:"byteOffset,omitempty"`
		ByteLength  *int `json:"byteLength,omitempty"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion   `json:"deletedRegion"`
		InsertedContent *sarifContent `json:"insertedContent,omitempty"`
	}
	sarifContent struct {
		Text string `json:"text"`
	}
)

// srcRoot is the base id of artifact URIs relative to the analysed tree.
const srcRoot = "%SRCROOT%"

// SARIF writes the findings as a SARIF 2.1.0 log with one run: one rule
// per analyzer, each finding's related positions as relatedLocations
// (linked from the message), its suggested fixes as fixes, and analyzer
// errors and packages that did not build as tool execution
// notifications (the run is then not executionSuccessful).
func SARIF(w io.Writer, res *Result, tool Tool, o Options) error {
	s := &sarifWriter{o: o, lines: make(map[string][]string)}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           tool.Name,
			Version:        tool.Version,
			SemVer:         tool.SemVer,
			InformationURI: tool.InformationURI,
			Rules:          []sarifRule{},
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(res.Errors) == 0 && len(res.Failures) == 0}},
		Results:     []sarifResult{},
		ColumnKind:  "utf16CodeUnits",
	}
	if o.Dir != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: fileURI(o.Dir) + "/"}}
	}
	ruleIndex := make(map[string]int)
	for i, r := range tool.Rules {
		ruleIndex[r.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   r.ID,
			Name:                 r.ID,
			ShortDescription:     sarifMessage{Text: r.Summary},
			FullDescription:      sarifMessage{Text: r.Summary},
			Help:                 sarifMessage{Text: r.Help, Markdown: r.Help},
			HelpURI:              r.HelpURI,
			DefaultConfiguration: sarifRuleConfig{Level: "error"},
			Properties:           map[string]any{"tags": []string{"concurrency", "correctness"}, "precision": "high"},
		})
	}
	for _, f := range res.Failures {
		n := sarifNotification{Level: "error", Message: sarifMessage{Text: f.Message}}
		if f.Package != "" {
			n.Message.Text = f.Package + ": " + f.Message
		}
		if f.Posn != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: s.physical(f.Posn, "")}}
		}
		inv := &run.Invocations[0]
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	for _, e := range res.Errors {
		inv := &run.Invocations[0]
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{Text: e.String()}})
	}
	for _, f := range res.Findings {
		i, ok := ruleIndex[f.Analyzer]
		if !ok { // an analyzer the caller did not describe: still report it
			i = len(run.Tool.Driver.Rules)
			ruleIndex[f.Analyzer] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
				ID: f.Analyzer, Name: f.Analyzer,
				ShortDescription:     sarifMessage{Text: f.Analyzer},
				FullDescription:      sarifMessage{Text: f.Analyzer},
				Help:                 sarifMessage{Text: f.Analyzer},
				DefaultConfiguration: sarifRuleConfig{Level: "error"},
			})
		}
		run.Results = append(run.Results, s.result(f, i))
	}
	data, err := json.MarshalIndent(sarifLog{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs:    []sarifRun{run},
	}, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// sarifWriter converts positions, reading each source file once to turn
// Go's byte columns into SARIF's UTF-16 columns.
type sarifWriter struct {
	o     Options
	lines map[string][]string
}

func (s *sarifWriter) result(f Finding, rule int) sarifResult {
	r := sarifResult{
		RuleID:    f.Analyzer,
		RuleIndex: rule,
		Level:     "error",
		Locations: []sarifLocation{{PhysicalLocation: s.physical(f.Posn, f.End)}},
	}
	text := escapeLinkText(f.Message)
	for i, rel := range f.Related {
		id := i + 1
		r.RelatedLocations = append(r.RelatedLocations, sarifLocation{
			ID:               &id,
			PhysicalLocation: s.physical(rel.Posn, rel.End),
			Message:          &sarifMessage{Text: rel.Message},
		})
		p := ParsePosn(rel.Posn)
		text += fmt.Sprintf("\n[%s:%d](%d): %s",
			escapeLinkText(filepath.Base(p.File)), p.Line, id, escapeLinkText(rel.Message))
	}
	r.Message = sarifMessage{Text: text}
	for _, fix := range f.SuggestedFixes {
		r.Fixes = append(r.Fixes, s.fix(fix))
	}
	return r
}

// physical is the location of the range [posn, end).
func (s *sarifWriter) physical(posn, end string) sarifPhysical {
	start, stop := ParsePosn(posn), ParsePosn(end)
	loc := sarifPhysical{ArtifactLocation: s.artifact(start.File)}
	if start.Line <= 0 {
		return loc
	}
	region := &sarifRegion{StartLine: start.Line, StartColumn: s.column(start)}
	if stop.File == start.File && (stop.Line > start.Line || stop.Line == start.Line && stop.Col > start.Col) {
		region.EndLine, region.EndColumn = stop.Line, s.column(stop)
	}
	loc.Region = region
	return loc
}

func (s *sarifWriter) fix(fix Fix) sarifFix {
	out := sarifFix{Description: sarifMessage{Text: fix.Message}}
	byFile := make(map[string]int) // file → index in ArtifactChanges
	for _, e := range fix.Edits {
		i, ok := byFile[e.Filename]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.Filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges,
				sarifArtifactChange{ArtifactLocation: s.artifact(e.Filename)})
		}
		offset, length := e.Start, e.End-e.Start
		rep := sarifReplacement{DeletedRegion: sarifRegion{ByteOffset: &offset, ByteLength: &length}}
		if e.New != "" {
			rep.InsertedContent = &sarifContent{Text: e.New}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, rep)
	}
	return out
}

// artifact names file relative to the source root when it lies inside
// it, as code scanning wants repository-relative paths.
func (s *sarifWriter) artifact(file string) sarifArtifactLoc {
	if rel := s.o.Rel(file); rel != file || !filepath.IsAbs(file) {
		return sarifArtifactLoc{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: srcRoot}
	}
	return sarifArtifactLoc{URI: fileURI(file)}
}

// column converts p's 1-based byte column to a 1-based UTF-16 column.
func (s *sarifWriter) column(p Position) int {
	if p.Col <= 0 {
		return 1
	}
	lines, ok := s.lines[p.File]
	if !ok {
		data, _ := os.ReadFile(p.File)
		lines = strings.Split(string(data), "\n")
		s.lines[p.File] = lines
	}
	if p.Line > len(lines) {
		return p.Col
	}
	line := lines[p.Line-1]
	if p.Col-1 > len(line) {
		return p.Col
	}
	prefix := line[:p.Col-1]
	if !utf8.ValidString(prefix) {
		return p.Col
	}
	return len(utf16.Encode([]rune(prefix))) + 1
}

// fileURI is the file:// URI of an absolute path.
func fileURI(path string) string {
	path = filepath.ToSlash(path)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // a Windows drive letter
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// escapeLinkText escapes the brackets that SARIF messages use for
// embedded links (§3.11.6), so text is never taken for a link.
func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}
