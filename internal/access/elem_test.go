package access_test

import (
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/ssatest"
)

const elemSrc = `package p

type R struct {
	chans []chan bool
	one   chan bool
}

func recv(r *R) {
	for _, ch := range r.chans {
		<-ch
	}
	<-r.one
	m := map[int]chan bool{}
	<-m[0]
}
`

// TestValueClass checks that an element loaded from a slice field is
// named by the field's class with "[]", a field by its class, and a
// map value not at all.
func TestValueClass(t *testing.T) {
	fset := token.NewFileSet()
	pkg, _ := ssatest.MustBuild(t, fset, "p", 0, ssatest.Source{Name: "p.go", Src: elemSrc})
	var got []string
	for _, b := range pkg.Func("recv").Blocks {
		for _, instr := range b.Instrs {
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW {
				got = append(got, access.ValueClass(fset, u.X))
			}
		}
	}
	want := []string{"(p.R).chans[]", "(p.R).one", ""}
	if len(got) != len(want) {
		t.Fatalf("classes %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("receive %d: class %q, want %q", i, got[i], want[i])
		}
	}
}

const elementSrc = `package p

import "sync"

var shards []*sync.Mutex

type S struct {
	keys map[string]*sync.Mutex
	arr  [4]sync.RWMutex
	anon []struct{ mu sync.Mutex }
	own  sync.Mutex
	byKey sync.Map
}

func lock(s *S, i int, k string, local []*sync.Mutex) {
	shards[i].Lock()
	s.keys[k].Lock()
	s.arr[i].Lock()
	s.anon[i].mu.Lock()
	for _, m := range s.keys {
		m.Lock()
	}
	if m, ok := s.keys[k]; ok {
		m.Lock()
	}
	local[i].Lock()
	made, ok := s.keys[k]
	if !ok {
		made = new(sync.Mutex)
		s.keys[k] = made
	}
	made.Lock()
	other, ok := s.keys[k]
	if !ok {
		other = &s.own
	}
	other.Lock()
	kept, ok := s.keys[k]
	if !ok {
		kept = new(sync.Mutex)
	}
	kept.Lock()
	s.get(k).Lock()
	s.either(k).Lock()
	v, _ := s.byKey.LoadOrStore(k, new(sync.Mutex))
	v.(*sync.Mutex).Lock()
	if v, ok := s.byKey.Load(k); ok {
		if m, ok := v.(*sync.RWMutex); ok {
			m.Lock()
		}
	}
	var own sync.Map
	w, _ := own.Load(k)
	w.(*sync.Mutex).Lock()
}

func (s *S) get(k string) *sync.Mutex {
	m, ok := s.keys[k]
	if !ok {
		m = new(sync.Mutex)
		s.keys[k] = m
	}
	return m
}

func (s *S) either(k string) *sync.Mutex {
	if k == "" {
		return &s.own
	}
	return s.keys[k]
}
`

// TestElementClass checks that a mutex kept in a collection is named
// by its collection's class with "[]" (a pointer held in a slice or a
// map, ranged over or looked up comma-ok, an array element, a field of
// an anonymous struct element, a lookup merged with a new mutex stored
// into the map, a getter's result, a value asserted out of a sync.Map
// field), that one in a parameter's slice or
// merged with another mutex is not, and that ClassOf's answer for all
// of them stays "".
func TestElementClass(t *testing.T) {
	fset := token.NewFileSet()
	pkg, _ := ssatest.MustBuild(t, fset, "p", 0, ssatest.Source{Name: "p.go", Src: elementSrc})
	var got []string
	var locks []*ssa.Call
	for _, b := range pkg.Func("lock").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && len(call.Call.Args) == 1 {
				locks = append(locks, call)
			}
		}
	}
	slices.SortFunc(locks, func(a, b *ssa.Call) int { return int(a.Pos() - b.Pos()) })
	for _, call := range locks {
		mu := call.Call.Args[0]
		if class, _, _ := access.ClassOf(fset, mu); class != "" {
			t.Errorf("ClassOf(%s) = %q, want none", mu, class)
		}
		class, _ := access.ElementClass(fset, mu)
		got = append(got, class)
	}
	want := []string{"p.shards[]", "(p.S).keys[]", "(p.S).arr[]", "(p.S).anon[].mu", "(p.S).keys[]", "(p.S).keys[]", "",
		"(p.S).keys[]",        // made on first use and stored in the map
		"",                    // or another mutex
		"",                    // or a new mutex kept nowhere
		"(p.S).keys[]",        // returned by a getter
		"",                    // returned by a getter of two classes
		"(p.S).byKey[]",       // asserted out of a sync.Map field
		"(p.S).byKey[]",       // the same, comma-ok
		"local own@p.go:52[]", // a local sync.Map, named as a local mutex is
	}
	if len(got) != len(want) {
		t.Fatalf("classes %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("lock %d: class %q, want %q", i, got[i], want[i])
		}
	}
}
