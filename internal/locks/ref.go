// Package locks is concurlint's shared lock model, built on SSA: which
// mutex a Lock call names (its class and, inside one function, its
// instance), which locks are held at each instruction, and per-function
// summaries exported as facts so that callers in other packages see
// what a callee locks, returns holding, or releases.
package locks

import (
	"go/token"
	"regexp"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
)

// Ref names one mutex (or map, or channel variable) as reached inside
// one function: see access.Ref. Its Key is a map key only.
type Ref = access.Ref

// RefOf names the storage at address v (a mutex, a map variable or
// field) the way the lock model names mutexes: its declaration (class)
// and its instance within the function.
func RefOf(fset *token.FileSet, v ssa.Value) (Ref, bool) {
	return access.RefOf(fset, v)
}

// pathDirs matches the directories of a package path inside a name.
var pathDirs = regexp.MustCompile(`([A-Za-z0-9_.~-]+/)+`)

// ShortClass renders a class or function name for messages without its
// package path's directories: "(*github.com/x/reg.Registry).mu" becomes
// "(*reg.Registry).mu".
func ShortClass(class string) string {
	if class == "" {
		return "a mutex"
	}
	return pathDirs.ReplaceAllString(class, "")
}

// ClassLabel names a class in messages: a local variable's by the name
// made with the class (access.Ref.ClassName), any other by ShortClass.
func ClassLabel(class, className string) string {
	if className != "" {
		return className
	}
	return ShortClass(class)
}

// OwnField reports whether a path below a receiver names a field of the
// receiver's own type (".m"), not one reached through another value
// (".mgr.m", ".items[0]").
func OwnField(path access.Path) bool {
	return len(path.Steps) == 1 && path.Steps[0].Kind == access.Field
}

// OfReceiver reports whether r is reached from parameter 0, a method's
// receiver.
func OfReceiver(r Ref) bool {
	return r.Path.Root.Kind == access.Param && r.Path.Root.Index == 0
}
