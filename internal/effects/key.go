package effects

import (
	"encoding/binary"
	"hash/maphash"

	"github.com/concurlint/concurlint/internal/access"
)

// Effects are merged when they are the same operation on the same
// place under the same locks (a lock by its place and class); the
// witness (site, via, position) and the flags are not part of it.
// sameEffect and hashEffect say so on the typed values, without
// rendering keys.

var seed = maphash.MakeSeed()

func sameEffect(a, b *Effect) bool {
	if a.Kind != b.Kind || !samePlace(a.Place, b.Place) || len(a.Locks) != len(b.Locks) {
		return false
	}
	for i := range a.Locks {
		if a.Locks[i].Class != b.Locks[i].Class || !samePlace(a.Locks[i].Place, b.Locks[i].Place) {
			return false
		}
	}
	return true
}

// samePlace is access.Path.Equal for places read from summaries, whose
// local roots (a lock the caller cannot name) carry no value: those are
// alike.
func samePlace(a, b access.Fact) bool {
	if a.Root.Kind != b.Root.Kind || len(a.Steps) != len(b.Steps) {
		return false
	}
	switch a.Root.Kind {
	case access.Param, access.Free:
		if a.Root.Index != b.Root.Index {
			return false
		}
	case access.Global:
		if a.Root.Global != b.Root.Global {
			return false
		}
	}
	for i, s := range a.Steps {
		if s != b.Steps[i] {
			return false
		}
	}
	return true
}

func hashEffect(e *Effect) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteByte(byte(e.Kind))
	hashPlace(&h, e.Place)
	for _, l := range e.Locks {
		hashPlace(&h, l.Place)
		hashString(&h, l.Class)
	}
	return h.Sum64()
}

func hashPlace(h *maphash.Hash, f access.Fact) {
	h.WriteByte(byte(f.Root.Kind))
	switch f.Root.Kind {
	case access.Param, access.Free:
		hashInt(h, f.Root.Index)
	case access.Global:
		hashString(h, f.Root.Global)
	}
	hashInt(h, len(f.Steps))
	for _, s := range f.Steps {
		h.WriteByte(byte(s.Kind))
		if s.Dynamic {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
		hashString(h, s.Name)
	}
}

func hashString(h *maphash.Hash, s string) {
	hashInt(h, len(s))
	h.WriteString(s)
}

func hashInt(h *maphash.Hash, n int) {
	var buf [binary.MaxVarintLen64]byte
	h.Write(buf[:binary.PutVarint(buf[:], int64(n))])
}

// interned keeps one copy of each list of locks the package's summaries
// hold: the effects of a function, and of its callers, are mostly made
// under the same few locks, and a list is never changed once made.
type interned map[uint64][][]Lock

func (in interned) locks(list []Lock) []Lock {
	if len(list) == 0 {
		return nil
	}
	var h maphash.Hash
	h.SetSeed(seed)
	for _, l := range list {
		hashPlace(&h, l.Place)
		hashString(&h, l.Place.Root.Name)
		hashString(&h, l.Class)
		hashString(&h, l.ClassName)
		h.WriteByte(byte(l.Mode))
	}
	k := h.Sum64()
	for _, c := range in[k] {
		if sameLocks(c, list) {
			return c
		}
	}
	c := append([]Lock(nil), list...)
	in[k] = append(in[k], c)
	return c
}

func sameLocks(a, b []Lock) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Class != y.Class || x.ClassName != y.ClassName || x.Mode != y.Mode || x.Wrapped != y.Wrapped ||
			x.Place.Root != y.Place.Root || !samePlace(x.Place, y.Place) {
			return false
		}
	}
	return true
}
