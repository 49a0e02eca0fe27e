package ssautil

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// noReturn names the functions after which the goroutine never returns
// normally: it or the process ends (a test's FailNow and Skip end the
// test's goroutine).
var noReturn = map[string]bool{
	"os.Exit": true, "runtime.Goexit": true,
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"log.Panic": true, "log.Panicf": true, "log.Panicln": true,
	"(*log.Logger).Fatal": true, "(*log.Logger).Fatalf": true, "(*log.Logger).Fatalln": true,
	"(*log.Logger).Panic": true, "(*log.Logger).Panicf": true, "(*log.Logger).Panicln": true,
	"(*testing.common).FailNow": true, "(*testing.common).Fatal": true, "(*testing.common).Fatalf": true,
	"(*testing.common).SkipNow": true, "(*testing.common).Skip": true, "(*testing.common).Skipf": true,
	// testify's require (and suites, which embed its Assertions): Fail
	// and FailNow end the test's goroutine with t.FailNow.
	"github.com/stretchr/testify/require.Fail": true, "github.com/stretchr/testify/require.FailNow": true,
	"(*github.com/stretchr/testify/require.Assertions).Fail":    true,
	"(*github.com/stretchr/testify/require.Assertions).FailNow": true,
}

// testEnders are the methods of a test's interface (testing.TB, and
// the TestingT interfaces of assertion libraries) that end the test's
// goroutine.
var testEnders = map[string]bool{"Fatal": true, "Fatalf": true, "FailNow": true, "Skip": true, "Skipf": true, "SkipNow": true}

// NoReturnFunc reports whether a call of fn never returns normally.
func NoReturnFunc(fn *types.Func) bool {
	return fn != nil && noReturn[FullName(fn)]
}

// NeverReturns reports whether instr is a call after which the
// goroutine never returns normally: os.Exit, runtime.Goexit, log's
// Fatal and Panic, a test's Fatal, FailNow and Skip (also through an
// interface).
func NeverReturns(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	if call.Call.IsInvoke() {
		return testEnders[call.Call.Method.Name()]
	}
	return noReturn[CalleeName(&call.Call)]
}

// FailsTest reports whether instr is a call that marks the running
// test failed and goes on (t.Error, t.Errorf, t.Fail): a path through
// it is a failing test's.
func FailsTest(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	if call.Call.IsInvoke() {
		name := call.Call.Method.Name()
		return (name == "Error" || name == "Errorf" || name == "Fail") && fromTesting(call.Call.Value.Type())
	}
	switch CalleeName(&call.Call) {
	case "(*testing.common).Error", "(*testing.common).Errorf", "(*testing.common).Fail":
		return true
	}
	return false
}

// fromTesting reports whether t is a named type of package testing.
func fromTesting(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "testing"
}

// EndsOrFails reports whether block b calls a function that does not
// return or marks the running test failed: a path through it does not
// leave normally, or leaves a test that already failed, and a goroutine
// it strands is not one to report.
func EndsOrFails(b *ssa.BasicBlock) bool {
	return slices.ContainsFunc(b.Instrs, func(instr ssa.Instruction) bool {
		return NeverReturns(instr) || FailsTest(instr)
	})
}

// IsMainMain reports whether fn is a program's main function: when it
// returns the process exits, and no goroutine is left blocked.
func IsMainMain(fn *ssa.Function) bool {
	return fn != nil && fn.Name() == "main" && fn.Parent() == nil && fn.Signature.Recv() == nil &&
		fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}
