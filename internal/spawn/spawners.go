package spawn

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Spawners is the set of user-declared functions that run a function
// argument on another goroutine, such as a project's own
// `monitor.Go(func() {...})`. It is a flag.Value: a comma-separated
// list of "pkgpath.Func" and "(*pkgpath.T).Method" names.
type Spawners struct {
	names map[string]bool
}

// User holds the spawners given on the command line. Each analyzer that
// understands spawns registers the same value under its own -spawners
// flag, so one list serves the whole suite.
var User = new(Spawners)

// FlagUsage is the help text shared by every analyzer's -spawners flag.
const FlagUsage = "comma-separated functions that run their function argument on a new goroutine, " +
	"as pkgpath.Func or (*pkgpath.T).Method"

// RegisterFlag gives an analyzer the -spawners flag, bound to User.
func RegisterFlag(a *analysis.Analyzer) {
	a.Flags.Var(User, "spawners", FlagUsage)
}

// Has reports whether name (a types.Func full name) is a user spawner.
func (s *Spawners) Has(name string) bool { return s.names[name] }

// String lists the spawners in a stable order.
func (s *Spawners) String() string {
	names := make([]string, 0, len(s.names))
	for n := range s.names {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// Set adds the comma-separated names in value. Every analyzer's
// -spawners flag adds to the one list, so naming a spawner once (on any
// analyzer's flag) serves the whole suite.
func (s *Spawners) Set(value string) error {
	if s.names == nil {
		s.names = make(map[string]bool)
	}
	for _, name := range strings.Split(value, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if err := checkName(name); err != nil {
			return err
		}
		s.names[name] = true
	}
	return nil
}

// checkName rejects names that can never match a function, so a typo
// in the flag is an error rather than a silently ignored spawner.
func checkName(name string) error {
	bad := func() error {
		return fmt.Errorf("spawner %q: want pkgpath.Func, (pkgpath.T).Method or (*pkgpath.T).Method", name)
	}
	if strings.HasPrefix(name, "(") {
		typ, method, ok := strings.Cut(name[1:], ").")
		typ = strings.TrimPrefix(typ, "*")
		if !ok || method == "" || !strings.Contains(typ, ".") {
			return bad()
		}
		return nil
	}
	dot := strings.LastIndex(name, ".")
	if dot <= 0 || dot == len(name)-1 || strings.ContainsAny(name, "()* ") {
		return bad()
	}
	return nil
}

// Reset empties the list (for tests).
func (s *Spawners) Reset() { s.names = nil }
