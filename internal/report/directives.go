package report

import (
	"fmt"
	"slices"
	"strings"
)

// Names are the analyzers of the suite, in the order analyzers.All
// lists them (a test in package analyzers keeps the two in step). A
// directive naming anything else is a mistake that would otherwise
// silently suppress nothing.
var Names = []string{"chanclose", "chanleak", "ctxleak", "lockorder", "loopcapture", "mapaccess"}

// parseDirective reads one comment. It reports false for a comment that
// is not meant as a directive; a directive that is meant as one but is
// malformed comes back with its problem set.
func parseDirective(text string) (*directive, bool) {
	rest, ok := strings.CutPrefix(text, prefix)
	spaced := false
	if !ok {
		// "// concurlint:ignore": Go's directives have no space after
		// the slashes; say so rather than ignore the comment.
		body, isLine := strings.CutPrefix(text, "//")
		trimmed := strings.TrimLeft(body, " \t")
		if !isLine || trimmed == body {
			return nil, false
		}
		if rest, ok = strings.CutPrefix(trimmed, prefix[len("//"):]); !ok {
			return nil, false
		}
		spaced = true
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, false // //concurlint:ignored and the like
	}
	fields := strings.Fields(rest)
	d := &directive{}
	if len(fields) > 0 {
		d.names = strings.Split(fields[0], ",")
		d.reason = strings.Join(fields[1:], " ")
	}
	switch {
	case len(fields) == 0:
		d.problem = fmt.Sprintf("%s names no analyzer and suppresses nothing: write %s NAME <reason>", prefix, prefix)
	case spaced:
		d.problem = fmt.Sprintf("\"// concurlint:ignore\" with a space after the slashes is not a directive and suppresses nothing: write %s NAME <reason>", prefix)
	default:
		for _, n := range d.names {
			if !slices.Contains(Names, n) {
				d.problem = fmt.Sprintf("%s %s: no analyzer is named %q%s; this directive suppresses nothing", prefix, fields[0], n, suggest(n))
				break
			}
		}
	}
	return d, true
}

// reporter is the one analyzer that reports a malformed directive, so
// it is reported once whichever analyzers run: the first analyzer it
// names, or else the one nearest to its first name, or else (it names
// none) the first of the suite.
func (d *directive) reporter() string {
	for _, n := range d.names {
		if slices.Contains(Names, n) {
			return n
		}
	}
	if len(d.names) > 0 {
		return nearest(d.names[0])
	}
	return Names[0]
}

// suggest is a "did you mean" hint for an unknown analyzer name, when
// one is close enough to be meant.
func suggest(name string) string {
	near := nearest(name)
	if strings.EqualFold(near, name) || distance(strings.ToLower(near), strings.ToLower(name)) <= 2 {
		return " (did you mean " + near + "?)"
	}
	return ""
}

// nearest is the analyzer name closest to name, ignoring case.
func nearest(name string) string {
	best, bestDist := Names[0], -1
	for _, n := range Names {
		if dist := distance(n, strings.ToLower(name)); bestDist < 0 || dist < bestDist {
			best, bestDist = n, dist
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
