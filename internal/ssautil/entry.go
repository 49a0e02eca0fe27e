package ssautil

import (
	"strings"

	"golang.org/x/tools/go/ssa"
)

// IsTest reports whether fn is a Test function: the testing package
// runs it, on a goroutine of its own.
func IsTest(fn *ssa.Function) bool {
	return fn.Parent() == nil && strings.HasPrefix(fn.Name(), "Test") && fn.Signature.Params().Len() == 1 && fn.Signature.Recv() == nil
}
