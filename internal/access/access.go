// Package access names "which variable or memory" an operation touches,
// as a typed access path: a root (a local value, an allocation, a
// parameter or receiver, a closure's free variable, a package variable)
// and steps below it (a field, a dereference, an element at a constant
// or a computed index, a map value, a subslice).
//
// A path has an identity (Equal, and Key for use as a map key), a class
// (the declaration all its instances share: the field of a named type,
// the package variable, the local), a display form for messages
// ("s.mu", "from.mu"), and a serialisable form for facts (Fact). Rebase
// is the one translation of a callee's path into its caller's terms at
// a call site, and of a goroutine body's path into its spawner's terms.
package access

import (
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Kind says where a path starts.
type Kind uint8

const (
	Local  Kind = iota // a value only this function sees: a call result, a load, a phi
	Alloc              // a variable or object allocated in this function
	Param              // a parameter (a receiver is parameter 0)
	Free               // a closure's captured variable
	Global             // a package-level variable
)

// Outside reports whether a caller (or a spawner) can name the root:
// it is a parameter, a captured variable or a package variable.
func (k Kind) Outside() bool { return k == Param || k == Free || k == Global }

// Root is where a path starts.
type Root struct {
	Kind   Kind
	Index  int    // the parameter or free-variable index, for Param and Free
	Global string // the package-qualified name, for Global ("example.com/p.mu")
	Name   string // the display name: "s", "mu", "getT()"
}

// StepKind is the kind of one step below a root.
type StepKind uint8

const (
	Field    StepKind = iota + 1 // a struct field (Name is the field's name)
	Deref                        // a load through a pointer
	Index                        // an array or slice element
	MapValue                     // a map's value under a key
	Slice                        // a subslice (Name is its low bound)
)

// Step is one step below a root. For Index, MapValue and Slice, Name is
// the index (key, low bound): a constant's exact value, or, when Dynamic,
// the SSA name of the value computed at run time.
type Step struct {
	Kind    StepKind
	Name    string
	Dynamic bool
}

// MaxSteps bounds a path: deeper places are not named (and so are not
// tracked), which keeps facts bounded whatever the call depth.
const MaxSteps = 32

// Path is a typed access path in one function's terms.
type Path struct {
	Root  Root
	Steps []Step
	// value is the SSA value of a Local or Alloc root (its identity) and,
	// for any root taken from code, the root value itself; indices holds
	// each Dynamic step's index value. Both are nil in a path read from
	// a fact or rebased into another function.
	value   ssa.Value
	indices []ssa.Value
}

// Value returns the SSA value the path starts from, when the path was
// taken from this function's code (nil for a rebased path or a fact).
func (p Path) Value() ssa.Value { return p.value }

// IndexValue returns the index value of step i when it is Dynamic and
// known in this function.
func (p Path) IndexValue(i int) ssa.Value {
	if i < 0 || i >= len(p.indices) {
		return nil
	}
	return p.indices[i]
}

// Equal reports whether p and q name the same place in one function.
func (p Path) Equal(q Path) bool {
	if p.Root.Kind != q.Root.Kind || len(p.Steps) != len(q.Steps) {
		return false
	}
	switch p.Root.Kind {
	case Param, Free:
		if p.Root.Index != q.Root.Index {
			return false
		}
	case Global:
		if p.Root.Global != q.Root.Global {
			return false
		}
	default:
		if p.value != q.value || p.value == nil {
			return false
		}
	}
	for i, s := range p.Steps {
		if s != q.Steps[i] {
			return false
		}
	}
	return true
}

// Key renders p's identity, for use as a map key only: two paths have
// the same key exactly when they are Equal. Never parse it.
func (p Path) Key() string {
	var b strings.Builder
	b.Grow(48)
	if p.Root.Kind == Global {
		b.WriteString("global:")
	}
	if !p.writeRoot(&b) {
		b.WriteString("value:")
		if p.value != nil {
			b.WriteString(p.value.Name())
		}
	}
	writeSteps(&b, p.Steps, true, false)
	return b.String()
}

// String renders p in its function's own terms, for tests and fact
// expectations: "param0.mu", "free1.done[t3]", "example.com/p.reg.mu".
func (p Path) String() string {
	var b strings.Builder
	if !p.writeRoot(&b) {
		b.WriteString(p.Root.Name)
	}
	writeSteps(&b, p.Steps, false, false)
	return b.String()
}

// writeRoot writes a root other functions can name ("param0", "free1",
// a package variable); it reports false for a local root.
func (p Path) writeRoot(b *strings.Builder) bool {
	switch p.Root.Kind {
	case Param:
		b.WriteString("param")
		b.WriteString(strconv.Itoa(p.Root.Index))
	case Free:
		b.WriteString("free")
		b.WriteString(strconv.Itoa(p.Root.Index))
	case Global:
		b.WriteString(p.Root.Global)
	default:
		return false
	}
	return true
}

// Display renders p for messages, as the source would write it: "s.mu",
// "from.mu", "locks[i]".
func (p Path) Display() string {
	var b strings.Builder
	b.Grow(32)
	b.WriteString(p.Root.Name)
	writeSteps(&b, p.Steps, false, true)
	return b.String()
}

// DisplaySteps renders the steps alone, as Display does: ".inner.mu".
func (p Path) DisplaySteps() string {
	var b strings.Builder
	writeSteps(&b, p.Steps, false, true)
	return b.String()
}

func writeSteps(b *strings.Builder, steps []Step, derefs, display bool) {
	for _, s := range steps {
		switch s.Kind {
		case Field:
			b.WriteByte('.')
			b.WriteString(s.Name)
		case Deref:
			if derefs {
				b.WriteString("*")
			}
		case Index, MapValue:
			switch {
			case display && s.Dynamic:
				b.WriteString("[i]")
			default:
				b.WriteByte('[')
				b.WriteString(s.Name)
				b.WriteByte(']')
			}
		case Slice:
			if !display {
				b.WriteByte('[')
				b.WriteString(s.Name)
				b.WriteString(":]")
			}
		}
	}
}

// Fields returns the names of p's field steps, in order; ok is false
// when p selects an element (every other step is a dereference).
func (p Path) Fields() (names []string, ok bool) {
	for _, s := range p.Steps {
		switch s.Kind {
		case Field:
			names = append(names, s.Name)
		case Deref:
		default:
			return nil, false
		}
	}
	return names, true
}

// Ref returns the place p names, with its class and class name
// (Ref.ClassName).
func (p Path) Ref(class, className string) Ref { return newRef(class, className, p) }

// Within reports whether p stays inside its root's own object: every
// step is a field (no load through a pointer, no element).
func (p Path) Within() bool {
	for _, s := range p.Steps {
		if s.Kind != Field {
			return false
		}
	}
	return true
}

// Elements reports whether p selects an element of a collection (an
// index, a map value or a subslice) anywhere below its root.
func (p Path) Elements() bool {
	_, ok := p.Collection()
	return ok
}

// Collection returns the path of the collection whose element p's first
// element step selects: "c.fsms" for "c.fsms[i].mu".
func (p Path) Collection() (Path, bool) {
	for i, s := range p.Steps {
		if s.Kind == Index || s.Kind == MapValue || s.Kind == Slice {
			return p.prefix(i), true
		}
	}
	return Path{}, false
}

// prefix returns p cut to its first n steps.
func (p Path) prefix(n int) Path {
	q := p
	q.Steps = p.Steps[:n:n]
	if len(q.indices) > n {
		q.indices = q.indices[:n:n]
	}
	return q
}

// Prefixes returns the places p passes through, its root first and p
// itself last: "leader", "leader*", "leader*.closing".
func (p Path) Prefixes() []Path {
	out := make([]Path, 0, len(p.Steps)+1)
	for i := 0; i <= len(p.Steps); i++ {
		out = append(out, p.prefix(i))
	}
	return out
}

// WithoutLoad returns p without a final dereference: the variable a
// value was loaded from rather than the load.
func (p Path) WithoutLoad() (Path, bool) {
	if n := len(p.Steps); n > 0 && p.Steps[n-1].Kind == Deref {
		return p.prefix(n - 1), true
	}
	return p, false
}

// FirstLoad splits p at a leading dereference: the cell a root variable
// names and the path below what it holds ("*.mu" for c.mu with c a
// captured variable holding &T{}).
func (p Path) FirstLoad() (rest Path, ok bool) {
	if len(p.Steps) == 0 || p.Steps[0].Kind != Deref {
		return p, false
	}
	q := p
	q.Steps = p.Steps[1:]
	if len(p.indices) > 0 {
		q.indices = p.indices[1:]
	}
	return q, true
}

// Extend returns p followed by the steps of q, a path below the value
// p names (q's own index values mean nothing below p's root and are
// dropped); ok is false when the result would exceed MaxSteps.
func (p Path) Extend(q Path) (Path, bool) {
	if len(p.Steps)+len(q.Steps) > MaxSteps {
		return Path{}, false
	}
	r := p
	r.Steps = append(append([]Step(nil), p.Steps...), q.Steps...)
	r.indices = append([]ssa.Value(nil), p.indices...)
	return r, true
}
