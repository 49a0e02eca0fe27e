package main

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
)

// vetStream reads one output stream of the run underneath (go vet
// -json, or the in-process checker) line by line. Where the JSON goes
// depends on the go version: go1.26 writes it to stdout, older go
// commands to stderr, between the "# pkg" headers. So both streams are
// read the same way: the tool's JSON objects are kept for parsing, go
// command chatter passes through, and every other line (a "# pkg"
// header, a compile error, a warning, anything new) is kept in order in
// other, for the driver to read the failed packages from and to show
// what it does not understand, so that such a run never passes
// silently.
type vetStream struct {
	mu      *sync.Mutex // shared by both streams: they write to the same out
	out     io.Writer   // where lines that are not JSON go
	json    bytes.Buffer
	inJSON  bool     // inside a multi-line JSON object
	partial []byte   // a line not yet ended
	other   []string // lines that are neither JSON nor chatter
}

// goChatter matches the go command's progress lines, which say nothing
// about the analysis.
var goChatter = regexp.MustCompile(`^go: (downloading|extracting|finding|found) `)

func (s *vetStream) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			break
		}
		s.line(string(s.partial[:i]))
		s.partial = s.partial[i+1:]
	}
	return len(p), nil
}

// line sorts one line of output.
func (s *vetStream) line(line string) {
	line = strings.TrimSuffix(line, "\r")
	switch {
	case s.inJSON:
		s.json.WriteString(line + "\n")
		s.inJSON = line != "}"
	case line == "{" || line == "{}":
		// The tool prints each package's result as one indented
		// object: "{" and "}" alone on their lines, or "{}".
		s.json.WriteString(line + "\n")
		s.inJSON = line == "{"
	case strings.TrimSpace(line) == "":
	case goChatter.MatchString(line):
		fmt.Fprintln(s.out, line)
	default:
		s.other = append(s.other, line)
	}
}

// close handles a last line without a newline and reports output that
// ended inside a JSON object.
func (s *vetStream) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.partial) > 0 {
		s.line(string(s.partial))
		s.partial = nil
	}
	if s.inJSON {
		s.inJSON = false
		s.other = append(s.other, "(output ended inside a JSON object)")
	}
}
