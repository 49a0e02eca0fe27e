package output

import (
	"fmt"
	"io"
	"strings"
)

// GitHub writes one GitHub Actions workflow command per finding,
//
//	::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=concurlint (NAME)::MESSAGE
//
// which the Actions runner turns into an annotation on the pull request's
// diff. The related positions (the other side of the finding) follow the
// message on lines of their own, so the annotation shows both sides. A
// package that did not build gets an ::error of its own first, at the
// compiler's position when it gives one.
func GitHub(w io.Writer, res *Result, o Options) error {
	for _, f := range res.Failures {
		var props []string
		if f.Posn != "" {
			p := ParsePosn(f.Posn)
			props = append(props, "file="+escapeProperty(o.Rel(p.File)), fmt.Sprintf("line=%d", p.Line))
			if p.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", p.Col))
			}
		}
		props = append(props, "title="+escapeProperty("concurlint (package does not build)"))
		msg := f.Message
		if f.Package != "" {
			msg = f.Package + ": " + msg
		}
		if _, err := fmt.Fprintf(w, "::error %s::%s\n", strings.Join(props, ","), escapeData(msg)); err != nil {
			return err
		}
	}
	for _, f := range res.Findings {
		start, end := ParsePosn(f.Posn), ParsePosn(f.End)
		props := []string{"file=" + escapeProperty(o.Rel(start.File))}
		if start.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", start.Line))
		}
		if start.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", start.Col))
		}
		if end.File == start.File && end.Line >= start.Line && end.Line > 0 {
			props = append(props, fmt.Sprintf("endLine=%d", end.Line))
			if end.Line == start.Line && end.Col > start.Col {
				props = append(props, fmt.Sprintf("endColumn=%d", end.Col))
			}
		}
		props = append(props, "title="+escapeProperty("concurlint ("+f.Analyzer+")"))
		msg := f.Message
		for _, r := range f.Related {
			msg += "\n" + o.relPosn(r.Posn) + ": " + r.Message
		}
		if _, err := fmt.Fprintf(w, "::error %s::%s\n", strings.Join(props, ","), escapeData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes a workflow command's message as the Actions toolkit
// does (@actions/core, command.ts: escapeData).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value
// (@actions/core, command.ts: escapeProperty).
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
