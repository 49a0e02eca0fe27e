package ssautil

import (
	"go/types"
	"strings"
)

// PrintFunc recognises a printing function of fmt or log: one that
// formats its variadic operands and keeps none of them (but Errorf,
// which keeps the errors it wraps with %w). It returns the index of the
// format argument among the call's arguments (-1: every operand is
// formatted with %v) and whether %w is a verb. The Scan family is not a
// printer: its operands are pointers it writes through, never formats.
func PrintFunc(fn *types.Func) (format int, wrap, ok bool) {
	if fn == nil || fn.Pkg() == nil {
		return 0, false, false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || !sig.Variadic() || (path != "fmt" && path != "log") || !printName(path, name) {
		return 0, false, false
	}
	first := 0
	if strings.HasPrefix(name, "Fprint") || strings.HasPrefix(name, "Append") {
		first = 1 // the writer or the buffer
	}
	if !strings.HasSuffix(name, "f") {
		return -1, false, true
	}
	return first, name == "Errorf", true
}

// printName reports whether name is one of a printing family of path.
func printName(path, name string) bool {
	families := []string{"Print", "Sprint", "Fprint", "Append"}
	if path == "fmt" && name == "Errorf" {
		return true
	}
	if path == "log" {
		families = []string{"Print", "Fatal", "Panic"}
	}
	for _, f := range families {
		if strings.HasPrefix(name, f) {
			return true
		}
	}
	return false
}
