package access

import (
	"bytes"
	"encoding/gob"
	"go/token"
	"reflect"
	"testing"

	"github.com/concurlint/concurlint/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const src = `package p

type Mu struct{ n int }

type T struct {
	mu    Mu
	inner *T
	locks []Mu
	arr   [4]Mu
	m     map[string]*T
	pmu   *Mu
	ch    chan int
}

var G T

func field(s *T) *Mu           { return &s.mu }
func deep(s *T) *Mu            { return &s.inner.mu }
func constIndex(s *T) *Mu      { return &s.arr[2] }
func dynIndex(s *T, i int) *Mu { return &s.locks[i] }
func mapValue(s *T, k string) *Mu { return &s.m[k].mu }
func loaded(s *T) *Mu          { return s.pmu }
func global() *Mu              { return &G.mu }
func local() *Mu               { t := new(T); return &t.mu }
func sub(s *T) []Mu            { return s.locks[1:] }

func caller(a *T, b *T) {
	field(a)
	deep(b)
	dynIndex(a, 0)
	global()
	local()
}

func closeIt(c chan int) { close(c) }

func owner(s *T) { closeIt(s.ch) }

func spawner(a *T) {
	go func() { _ = &a.mu }()
}
`

func build(t *testing.T) *ssa.Package {
	t.Helper()
	spkg, _ := ssatest.MustBuild(t, token.NewFileSet(), "example.com/p", ssa.SanityCheckFunctions, ssatest.Source{Name: "p.go", Src: src})
	return spkg
}

// returned names the place whose address fn returns.
func returned(t *testing.T, fn *ssa.Function) Ref {
	t.Helper()
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
			r, ok := RefOf(fn.Prog.Fset, ret.Results[0])
			if !ok {
				t.Fatalf("%s: no path for %v", fn, ret.Results[0])
			}
			return r
		}
	}
	t.Fatalf("%s returns nothing", fn)
	return Ref{}
}

func TestPathOf(t *testing.T) {
	pkg := build(t)
	for _, c := range []struct {
		fn, path, display, class string
		kind                     Kind
	}{
		{"field", "param0.mu", "s.mu", "(example.com/p.T).mu", Param},
		{"deep", "param0.inner.mu", "s.inner.mu", "(example.com/p.T).mu", Param},
		{"constIndex", "param0.arr[2]", "s.arr[2]", "", Param},
		{"dynIndex", "param0.locks[i]", "s.locks[i]", "", Param},
		{"mapValue", "param0.m[k].mu", "s.m[i].mu", "(example.com/p.T).mu", Param},
		{"loaded", "param0.pmu", "s.pmu", "(example.com/p.T).pmu", Param},
		{"global", "example.com/p.G.mu", "G.mu", "(example.com/p.T).mu", Global},
		{"local", "new.mu", "new.mu", "(example.com/p.T).mu", Alloc},
		{"sub", "param0.locks[1:]", "s.locks", "", Param},
	} {
		r := returned(t, pkg.Func(c.fn))
		if got := r.Path.String(); got != c.path {
			t.Errorf("%s: path %q, want %q", c.fn, got, c.path)
		}
		if r.Name() != c.display || r.Path.Display() != c.display {
			t.Errorf("%s: display %q, want %q", c.fn, r.Name(), c.display)
		}
		if r.Class != c.class {
			t.Errorf("%s: class %q, want %q", c.fn, r.Class, c.class)
		}
		if r.Path.Root.Kind != c.kind {
			t.Errorf("%s: root kind %d, want %d", c.fn, r.Path.Root.Kind, c.kind)
		}
		if r.Key != r.Path.Key() {
			t.Errorf("%s: key %q is not the path's %q", c.fn, r.Key, r.Path.Key())
		}
	}
}

func TestSteps(t *testing.T) {
	pkg := build(t)
	dyn := returned(t, pkg.Func("dynIndex")).Path
	last := len(dyn.Steps) - 1
	if s := dyn.Steps[last]; s.Kind != Index || !s.Dynamic {
		t.Errorf("s.locks[i]: step %+v, want a dynamic index", s)
	}
	if _, ok := dyn.IndexValue(last).(*ssa.Parameter); !ok {
		t.Errorf("s.locks[i]: index value %v, want the parameter", dyn.IndexValue(last))
	}
	if s := returned(t, pkg.Func("constIndex")).Path.Steps[1]; s.Kind != Index || s.Dynamic {
		t.Errorf("s.arr[2]: step %+v, want a constant index", s)
	}
	mv := returned(t, pkg.Func("mapValue")).Path
	if s := mv.Steps[2]; s.Kind != MapValue || !s.Dynamic {
		t.Errorf("s.m[k]: step %+v, want a dynamic map value", s)
	}
	coll, ok := dyn.Collection()
	if !ok || coll.String() != "param0.locks" {
		t.Errorf("collection of s.locks[i]: %v %v", coll, ok)
	}
	if _, ok := returned(t, pkg.Func("deep")).Path.Collection(); ok {
		t.Error("s.inner.mu has no collection")
	}
	fields, plain := returned(t, pkg.Func("deep")).Path.Fields()
	if !reflect.DeepEqual(fields, []string{"inner", "mu"}) || !plain {
		t.Errorf("fields of s.inner.mu: %v %v, want [inner mu], plain (the load of inner is a dereference)", fields, plain)
	}
}

func TestIdentity(t *testing.T) {
	pkg := build(t)
	a, b := returned(t, pkg.Func("field")), returned(t, pkg.Func("field"))
	if !a.Path.Equal(b.Path) || a.Key != b.Key {
		t.Error("one path taken twice differs")
	}
	// Parameter 0 of two functions has one key: paths are in their
	// function's terms.
	c := returned(t, pkg.Func("deep"))
	if a.Path.Equal(c.Path) || a.Key == c.Key {
		t.Error("s.mu equals s.inner.mu")
	}
	l1, l2 := returned(t, pkg.Func("local")), returned(t, pkg.Func("local"))
	if !l1.Path.Equal(l2.Path) {
		t.Error("a local's path differs from itself")
	}
	var zero Path
	if zero.Equal(zero) {
		t.Error("two paths without a root value are one local")
	}
}

// callTo finds fn's call to callee.
func callTo(t *testing.T, fn *ssa.Function, callee string) *ssa.Call {
	t.Helper()
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if f := call.Call.StaticCallee(); f != nil && f.Name() == callee {
					return call
				}
			}
		}
	}
	t.Fatalf("%s does not call %s", fn, callee)
	return nil
}

func TestRebase(t *testing.T) {
	pkg := build(t)
	caller := pkg.Func("caller")
	for _, c := range []struct {
		callee, path, display string
		ok                    bool
	}{
		{"field", "param0.mu", "a.mu", true},
		{"deep", "param1.inner.mu", "b.inner.mu", true},
		{"dynIndex", "param0.locks[i]", "a.locks[i]", true},
		{"global", "example.com/p.G.mu", "G.mu", true},
		{"local", "", "", false}, // a fresh value has no name in the caller
	} {
		callee := pkg.Func(c.callee)
		inner := returned(t, callee)
		site := CallSite(callTo(t, caller, c.callee).Common())
		got, ok := site.Rebase(pkg.Prog.Fset, inner, RefOf)
		if ok != c.ok {
			t.Errorf("%s: rebased %v, want %v", c.callee, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		if got.Path.String() != c.path || got.Name() != c.display || got.Key != got.Path.Key() {
			t.Errorf("%s: rebased to %s (%q), want %s (%q)", c.callee, got.Path, got.Name(), c.path, c.display)
		}
		if got.Class != inner.Class {
			t.Errorf("%s: class %q, want the callee's %q", c.callee, got.Class, inner.Class)
		}
	}
}

// TestRebaseDynamicIndex: an element the callee selects by its parameter
// i stays an element at a non-constant index in the caller, even where
// the caller passes a constant (dynIndex(a, 0)): the place is the same
// only if the argument is, and a path must never claim more. (A
// parameter-named index that did not look non-constant once made two
// goroutines' different elements look like one.)
func TestRebaseDynamicIndex(t *testing.T) {
	pkg := build(t)
	inner := returned(t, pkg.Func("dynIndex"))
	site := CallSite(callTo(t, pkg.Func("caller"), "dynIndex").Common())
	got, ok := site.Rebase(pkg.Prog.Fset, inner, RefOf)
	if !ok {
		t.Fatal("not rebased")
	}
	last := got.Path.Steps[len(got.Path.Steps)-1]
	if last.Kind != Index || !last.Dynamic {
		t.Errorf("rebased step %+v, want a non-constant index", last)
	}
	if got.Path.IndexValue(len(got.Path.Steps)-1) != nil {
		t.Error("the callee's index value leaked into the caller's path")
	}
	// Through a fact as well.
	f, ok := inner.Path.Fact()
	if !ok || !f.Steps[len(f.Steps)-1].Dynamic {
		t.Errorf("fact %v lost the non-constant index", f)
	}
}

func TestRebaseClosure(t *testing.T) {
	pkg := build(t)
	spawner := pkg.Func("spawner")
	var g *ssa.Go
	for _, b := range spawner.Blocks {
		for _, instr := range b.Instrs {
			if x, ok := instr.(*ssa.Go); ok {
				g = x
			}
		}
	}
	if g == nil {
		t.Fatal("no go statement")
	}
	body := spawner.AnonFuncs[0]
	var inner Ref
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			if fa, ok := instr.(*ssa.FieldAddr); ok {
				inner, _ = RefOf(pkg.Prog.Fset, fa)
			}
		}
	}
	if inner.Path.Root.Kind != Free {
		t.Fatalf("body path %s does not start at a free variable", inner.Path)
	}
	got, ok := CallSite(g.Common()).Rebase(pkg.Prog.Fset, inner, RefOf)
	if !ok || got.Name() != "a.mu" {
		t.Errorf("body's a.mu rebased to %q (%v), want a.mu", got.Name(), ok)
	}
}

func TestFactRoundTrip(t *testing.T) {
	pkg := build(t)
	if _, ok := returned(t, pkg.Func("local")).Path.Fact(); ok {
		t.Error("a local became a fact")
	}
	for _, fn := range []string{"deep", "dynIndex", "mapValue", "global", "sub"} {
		r := returned(t, pkg.Func(fn))
		f, ok := r.Path.Fact()
		if !ok {
			t.Fatalf("%s: no fact", fn)
		}
		var first []byte
		for i := range 5 {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(f); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = bytes.Clone(buf.Bytes())
			} else if !bytes.Equal(first, buf.Bytes()) {
				t.Fatalf("%s: encodings differ", fn)
			}
		}
		var back Fact
		if err := gob.NewDecoder(bytes.NewReader(first)).Decode(&back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, f) {
			t.Errorf("%s: %+v came back as %+v", fn, f, back)
		}
		if got := back.Ref(r.Class, r.ClassName); got.Key != r.Key || got.Path.String() != r.Path.String() {
			t.Errorf("%s: fact names %s (%s), want %s (%s)", fn, got.Path, got.Key, r.Path, r.Key)
		}
	}
}

func TestBounded(t *testing.T) {
	long := Path{Root: Root{Kind: Param}, Steps: make([]Step, MaxSteps+1)}
	for i := range long.Steps {
		long.Steps[i] = Step{Kind: Field, Name: "next"}
	}
	pkg := build(t)
	site := CallSite(callTo(t, pkg.Func("caller"), "deep").Common())
	if _, ok := site.Rebase(pkg.Prog.Fset, newRef("", "", long), RefOf); ok {
		t.Error("a path longer than MaxSteps was rebased")
	}
}

// TestStorage: a value loaded from a variable or field is named by where
// it lives, and a callee's parameter holding it rebases to that place.
func TestStorage(t *testing.T) {
	pkg := build(t)
	call := callTo(t, pkg.Func("owner"), "closeIt")
	outer, ok := Storage(pkg.Prog.Fset, call.Call.Args[0])
	if !ok || outer.Path.String() != "param0.ch" || outer.Name() != "s.ch" {
		t.Fatalf("storage of s.ch: %s %q", outer.Path, outer.Name())
	}
	closeIt := pkg.Func("closeIt")
	inner, ok := Storage(pkg.Prog.Fset, closeIt.Params[0])
	if !ok || inner.Path.String() != "param0" {
		t.Fatalf("storage of c: %s", inner.Path)
	}
	got, ok := CallSite(call.Common()).Rebase(pkg.Prog.Fset, inner, Storage)
	if !ok || !got.Path.Equal(outer.Path) || got.Key != outer.Key {
		t.Errorf("closeIt's c rebased to %s, want %s", got.Path, outer.Path)
	}
	// A parameter declares nothing: the place is the argument's, and so
	// is its class.
	if inner.Class != "" || got.Class != outer.Class || got.Class != "(example.com/p.T).ch" {
		t.Errorf("class %q rebased to %q, want the argument's %q", inner.Class, got.Class, outer.Class)
	}
	// By address instead, the load shows.
	byAddr, _ := CallSite(call.Common()).Rebase(pkg.Prog.Fset, inner, RefOf)
	if byAddr.Path.Equal(outer.Path) {
		t.Errorf("rebased by address to %s, the storage itself", byAddr.Path)
	}
}

// TestKeyIsIdentity: two paths have one key exactly when they are Equal.
func TestKeyIsIdentity(t *testing.T) {
	pkg := build(t)
	var refs []Ref
	for _, fn := range []string{"field", "deep", "constIndex", "dynIndex", "mapValue", "loaded", "global", "local", "sub"} {
		refs = append(refs, returned(t, pkg.Func(fn)))
	}
	for _, a := range refs {
		for _, b := range refs {
			if a.Path.Equal(b.Path) != (a.Key == b.Key) {
				t.Errorf("%s and %s: Equal %v, keys %q %q", a.Path, b.Path, a.Path.Equal(b.Path), a.Key, b.Key)
			}
		}
	}
}
