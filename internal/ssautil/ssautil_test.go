package ssautil_test

import (
	"go/importer"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssatest"
	"github.com/concurlint/concurlint/internal/ssautil"
)

const src = `package p

import "sync"

func closes(c chan int, b bool) {
	if b {
		close(c)
	}
	close(c)
}

func sometimes(c chan int, b bool) {
	if b {
		close(c)
		return
	}
}

func panics(c chan int) (err error) {
	defer func() { recover() }()
	close(c)
	return nil
}

func lock(mu *sync.Mutex) { mu.Lock() }

func generic[T any](x T) T { return x }

func calls() int { lock(nil); return generic(1) }

func loops(c chan int) {
	for range c {
		lock(nil)
	}
	close(c)
}
`

func build(t *testing.T) *ssa.Package {
	t.Helper()
	pkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "p", ssa.InstantiateGenerics, ssatest.Source{Name: "p.go", Src: src})
	return pkg
}

// closeBlocks returns the blocks of fn that close a channel.
func closeBlocks(fn *ssa.Function) []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if _, ok := ssautil.CloseArg(&call.Call); ok {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

func TestCloseAndDominance(t *testing.T) {
	pkg := build(t)
	for _, tc := range []struct {
		fn     string
		closes int
		always []bool // per close, in block order
	}{
		{"closes", 2, []bool{false, true}},
		{"sometimes", 1, []bool{false}},
		{"panics", 1, []bool{true}}, // the recover block's return does not count
	} {
		fn := pkg.Func(tc.fn)
		blocks := closeBlocks(fn)
		if len(blocks) != tc.closes {
			t.Fatalf("%s: %d closes, want %d", tc.fn, len(blocks), tc.closes)
		}
		for i, b := range blocks {
			if got := ssautil.DominatesAll(b, ssautil.Returns(fn)); got != tc.always[i] {
				t.Errorf("%s: close %d runs on every path: %v, want %v", tc.fn, i, got, tc.always[i])
			}
		}
	}
	if ssautil.DominatesAll(pkg.Func("closes").Blocks[0], nil) {
		t.Error("DominatesAll of no blocks: want false")
	}
}

func TestReturns(t *testing.T) {
	pkg := build(t)
	fn := pkg.Func("panics")
	if fn.Recover == nil {
		t.Fatal("panics has no recover block")
	}
	if _, ok := ssautil.ReturnOf(fn.Recover); !ok {
		t.Fatal("the recover block does not end in a return")
	}
	for _, b := range ssautil.Returns(fn) {
		if b == fn.Recover {
			t.Error("Returns lists the recover block")
		}
	}
	sometimes := pkg.Func("sometimes")
	rets := ssautil.Returns(sometimes)
	if len(rets) != 2 {
		t.Fatalf("sometimes: %d returning blocks, want 2", len(rets))
	}
	for _, b := range rets {
		ret, _ := ssautil.ReturnOf(b)
		pos := sometimes.Prog.Fset.Position(ssautil.ReturnPos(sometimes, ret))
		if pos.Line != 15 && pos.Line != 17 { // "return", and the closing brace
			t.Errorf("return placed at %v, want line 15 or 17", pos)
		}
	}
}

func TestCalleeName(t *testing.T) {
	pkg := build(t)
	var names []string
	for _, b := range pkg.Func("calls").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				names = append(names, ssautil.CalleeName(&call.Call))
			}
		}
	}
	want := []string{"p.lock", "p.generic"}
	if len(names) != len(want) || names[0] != want[0] || names[1] != want[1] {
		t.Errorf("callee names %q, want %q", names, want)
	}
	for _, b := range pkg.Func("lock").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && ssautil.CalleeName(&call.Call) != "(*sync.Mutex).Lock" {
				t.Errorf("mu.Lock(): callee name %q", ssautil.CalleeName(&call.Call))
			}
		}
	}
	for _, b := range pkg.Func("closes").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && ssautil.CalleeName(&call.Call) != "" {
				t.Errorf("close(c): callee name %q, want none", ssautil.CalleeName(&call.Call))
			}
		}
	}
}

func TestLoops(t *testing.T) {
	pkg := build(t)
	fn := pkg.Func("loops")
	var lockBlock, closeBlock *ssa.BasicBlock
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			if ssautil.Index(instr) != i {
				t.Errorf("Index(%v) = %d, want %d", instr, ssautil.Index(instr), i)
			}
			if call, ok := instr.(*ssa.Call); ok {
				if _, ok := ssautil.CloseArg(&call.Call); ok {
					closeBlock = b
				} else {
					lockBlock = b
				}
			}
		}
	}
	if lockBlock == nil || closeBlock == nil {
		t.Fatal("no lock or close block")
	}
	if !ssautil.InLoop(lockBlock) || ssautil.InLoop(closeBlock) || ssautil.InLoop(fn.Blocks[0]) {
		t.Errorf("InLoop: the loop body %v, the close after it %v, the entry %v; want true, false, false",
			ssautil.InLoop(lockBlock), ssautil.InLoop(closeBlock), ssautil.InLoop(fn.Blocks[0]))
	}
	if !ssautil.Reaches(fn.Blocks[0], closeBlock, nil) || ssautil.Reaches(closeBlock, lockBlock, nil) {
		t.Error("Reaches: the entry must reach the close, the close not the loop")
	}
	if ssautil.Reaches(fn.Blocks[0], closeBlock, map[*ssa.BasicBlock]bool{fn.Blocks[0].Succs[0]: true}) {
		t.Error("Reaches avoiding the entry's only successor: want false")
	}
}

func TestPrintFunc(t *testing.T) {
	lookup := func(path, name string) *types.Func {
		pkg, err := importer.Default().Import(path)
		if err != nil {
			t.Skipf("import %s: %v", path, err)
		}
		return pkg.Scope().Lookup(name).(*types.Func)
	}
	for _, tc := range []struct {
		path, name string
		format     int
		wrap, ok   bool
	}{
		{"fmt", "Printf", 0, false, true},
		{"fmt", "Sprintln", -1, false, true},
		{"fmt", "Fprintf", 1, false, true},
		{"fmt", "Appendf", 1, false, true},
		{"fmt", "Errorf", 0, true, true},
		{"log", "Fatalf", 0, false, true},
		{"log", "Panic", -1, false, true},
		{"fmt", "Sscan", 0, false, false},
		{"fmt", "Scanf", 0, false, false},
		{"fmt", "Fscanln", 0, false, false},
	} {
		format, wrap, ok := ssautil.PrintFunc(lookup(tc.path, tc.name))
		if ok != tc.ok || ok && (format != tc.format || wrap != tc.wrap) {
			t.Errorf("PrintFunc(%s.%s) = %d, %v, %v; want %d, %v, %v", tc.path, tc.name, format, wrap, ok, tc.format, tc.wrap, tc.ok)
		}
	}
}
