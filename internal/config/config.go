// Package config reads a module's concurlint settings: the file
// .concurlint.conf at the module root (beside go.mod). The standalone
// command, the go vet tool and the pre-commit hooks read it; the
// golangci-lint plugin does not (golangci-lint keeps its own settings).
//
// The file has one setting per line, a keyword followed by its values
// separated by spaces; "#" at the start of a line or after a space
// starts a comment. A keyword may repeat: its values add up.
//
//	enable   NAME...     run only these analyzers
//	disable  NAME...     turn these analyzers off
//	spawners FUNC...     functions that run their function argument on a
//	                     new goroutine, for every analyzer
//	exclude  PATTERN...  drop the findings in these files or packages
//	baseline FILE        report only findings not recorded in FILE
//
// The full description, with an example, is docs/config.md.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/concurlint/concurlint/internal/spawn"
)

// FileName is the config file's name at the module root.
const FileName = ".concurlint.conf"

// Config is one module's settings. The zero Config (no file) changes
// nothing.
type Config struct {
	Root     string   // the module root, the directory of go.mod
	Module   string   // the module path
	File     string   // the config file, "" when the module has none
	Data     []byte   // the file's contents
	Enable   []string // analyzers to run, to the exclusion of the others
	Disable  []string // analyzers to turn off
	Spawners []string // user spawners, as the -spawners flag takes them
	Exclude  []string // file and package patterns whose findings are dropped
	Baseline string   // baseline file, relative to Root; "" for none

	exclude []*regexp.Regexp
}

// Find reads the config of the module holding dir: it walks up from dir
// to the nearest go.mod and reads FileName beside it. analyzers are the
// valid analyzer names. It returns nil, nil outside a module.
func Find(dir string, analyzers []string) (*Config, error) {
	root, ok := ModuleRoot(dir)
	if !ok {
		return nil, nil
	}
	c := &Config{Root: root}
	if mod, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
		c.Module = modfile.ModulePath(mod)
	}
	file := filepath.Join(root, FileName)
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	c.File, c.Data = file, data
	return c, c.parse(analyzers)
}

// Modules returns the roots of the modules a go command run in dir
// works on: those its go.work workspace uses (GOWORK, or the nearest
// go.work above dir), or else the module holding dir.
func Modules(dir string) []string {
	work := os.Getenv("GOWORK")
	if work == "" {
		for d, _ := filepath.Abs(dir); d != ""; d = parentDir(d) {
			if fi, err := os.Stat(filepath.Join(d, "go.work")); err == nil && !fi.IsDir() {
				work = filepath.Join(d, "go.work")
				break
			}
		}
	}
	if work != "off" && work != "" {
		if roots, ok := workspace(work); ok {
			return roots
		}
	}
	if root, ok := ModuleRoot(dir); ok {
		return []string{root}
	}
	return nil
}

// workspace returns the roots of the modules go.work file work uses.
func workspace(work string) ([]string, bool) {
	data, err := os.ReadFile(work)
	if err != nil {
		return nil, false
	}
	wf, err := modfile.ParseWork(work, data, nil)
	if err != nil {
		return nil, false
	}
	var roots []string
	for _, use := range wf.Use {
		dir := filepath.FromSlash(use.Path)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(filepath.Dir(work), dir)
		}
		if root, ok := ModuleRoot(dir); ok {
			roots = append(roots, root)
		}
	}
	return roots, true
}

// parentDir returns dir's parent, or "" at the top.
func parentDir(dir string) string {
	if parent := filepath.Dir(dir); parent != dir {
		return parent
	}
	return ""
}

// ModuleRoot returns the directory of the go.mod that governs dir, with
// symbolic links resolved, as the go command reports file names.
func ModuleRoot(dir string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	for ; dir != ""; dir = parentDir(dir) {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
			return dir, true
		}
	}
	return "", false
}

// parse reads c.Data; each error names the file and line.
func (c *Config) parse(analyzers []string) error {
	baselineLine := 0
	for i, line := range bytes.Split(c.Data, []byte("\n")) {
		n := i + 1
		fields := strings.Fields(stripComment(string(line)))
		if len(fields) == 0 {
			continue
		}
		key, values := fields[0], fields[1:]
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", c.File, n, fmt.Sprintf(format, args...))
		}
		if len(values) == 0 {
			return fail("%s needs a value", key)
		}
		switch key {
		case "enable", "disable":
			for _, name := range values {
				if !slices.Contains(analyzers, name) {
					return fail("unknown analyzer %q: want one of %s", name, strings.Join(analyzers, ", "))
				}
				if slices.Contains(c.Enable, name) || slices.Contains(c.Disable, name) {
					return fail("analyzer %s is already enabled or disabled above", name)
				}
			}
			if key == "enable" {
				c.Enable = append(c.Enable, values...)
			} else {
				c.Disable = append(c.Disable, values...)
			}
		case "spawners":
			for _, name := range values {
				if err := new(spawn.Spawners).Set(name); err != nil {
					return fail("%v", err)
				}
			}
			c.Spawners = append(c.Spawners, values...)
		case "exclude":
			for _, pattern := range values {
				re, err := c.compile(pattern)
				if err != nil {
					return fail("exclude %q: %v", pattern, err)
				}
				c.exclude = append(c.exclude, re)
			}
			c.Exclude = append(c.Exclude, values...)
		case "baseline":
			if len(values) != 1 {
				return fail("baseline takes one file")
			}
			if baselineLine != 0 {
				return fail("baseline already set on line %d", baselineLine)
			}
			c.Baseline, baselineLine = values[0], n
		default:
			return fail("unknown setting %q: want enable, disable, spawners, exclude or baseline", key)
		}
	}
	return nil
}

// stripComment drops a comment: "#" at the start of the line or after
// a space or tab.
func stripComment(line string) string {
	for i := range len(line) {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}

// compile turns an exclude pattern into a regular expression over
// slash-separated paths relative to the module root. "..." matches any
// string, "*" any string without a slash (nothing else is special); "dir/..." also matches dir
// itself and ".../x" also matches x, as in go package patterns. A
// pattern that starts with the module path is an import path: the
// module path is dropped.
func (c *Config) compile(pattern string) (*regexp.Regexp, error) {
	p := pattern
	if c.Module != "" {
		if p == c.Module {
			p = "."
		} else if rest, ok := strings.CutPrefix(p, c.Module+"/"); ok {
			p = rest
		}
	}
	if path.IsAbs(p) || filepath.IsAbs(p) || strings.Contains(p, `\`) {
		return nil, errors.New("want a slash-separated path relative to the module root")
	}
	if slices.Contains(strings.Split(p, "/"), "..") {
		return nil, errors.New("a pattern cannot leave the module root")
	}
	p = path.Clean(p)
	var re strings.Builder
	re.WriteString("^")
	rest, tail := p, ""
	if r, ok := strings.CutPrefix(rest, ".../"); ok {
		re.WriteString("(.*/)?")
		rest = r
	}
	if r, ok := strings.CutSuffix(rest, "/..."); ok {
		rest, tail = r, "(/.*)?"
	}
	for i, part := range strings.Split(rest, "...") {
		if i > 0 {
			re.WriteString(".*")
		}
		for j, lit := range strings.Split(part, "*") {
			if j > 0 {
				re.WriteString("[^/]*")
			}
			re.WriteString(regexp.QuoteMeta(lit))
		}
	}
	re.WriteString(tail + "$")
	return regexp.Compile(re.String())
}

// Excluded reports whether a finding in filename (absolute, as the
// analysis drivers give it) is dropped: the file, or the package
// directory holding it, matches an exclude pattern.
func (c *Config) Excluded(filename string) bool {
	if c == nil || len(c.exclude) == 0 {
		return false
	}
	rel, err := filepath.Rel(c.Root, filename)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	rel = filepath.ToSlash(rel)
	dir := path.Dir(rel)
	for _, re := range c.exclude {
		if re.MatchString(rel) || re.MatchString(dir) {
			return true
		}
	}
	return false
}

// BaselineFile is the baseline's path, or "" when the config names none.
func (c *Config) BaselineFile() string {
	if c == nil || c.Baseline == "" {
		return ""
	}
	return filepath.Join(c.Root, filepath.FromSlash(c.Baseline))
}
