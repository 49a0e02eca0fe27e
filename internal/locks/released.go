package locks

import (
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
)

// A function may let go of its caller's lock before it takes another,
// to keep a documented order:
//
//	// s.clMu must be held.
//	func recalc(s *stream) {
//		s.clMu.Unlock()
//		s.mu.RLock() // the order is mu -> clMu
//		s.clMu.Lock()
//		...
//	}
//
// A caller holding s.clMu then does not hold it when s.mu is taken: the
// edge clMu -> mu never happens. Each acquisition records the caller's
// locks released on every path to it (Acquisition.Released), and a
// summary carries them in the callee's terms (Acquire.Released,
// Effect.Released), rebased at each call site to drop the held locks
// they name.

// maxReleased bounds the released locks a summary entry carries.
const maxReleased = 4

// letGo releases ref, and remembers it as released before what comes
// next when it is the caller's lock: held on entry, or taken back
// after an earlier release.
func (f *flow) letGo(ref Ref, mode Mode, s *state) {
	h, held := s.held[ref.Key]
	callers := (held && h.Callers) || (!held && !s.taken[ref.Key] && ref.Path.Root.Kind.Outside())
	f.release(ref, mode, s)
	// An element (locks[i]) may be another instance at the next use.
	if callers && ref.Key != "" && !ref.Path.Elements() {
		s.lend(ref.Key, ref)
	}
}

// releasedList returns the caller's locks s has released (and not
// taken back) on every path, but for the instance key itself.
func (s *state) releasedList(key string) []Ref {
	var out []Ref
	for k, r := range s.released {
		if k != key {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// releasedBefore applies a callee's released locks to the acquisition
// just recorded at its call: the locks they name in our terms are not
// held when the callee acquires, and those that are our caller's are
// released before it for our callers too.
func (f *flow) releasedBefore(list []access.Fact, args, bindings []ssa.Value) {
	if !f.recording || len(list) == 0 || len(f.result.Acquisitions) == 0 {
		return
	}
	a := &f.result.Acquisitions[len(f.result.Acquisitions)-1]
	site := access.Site{Args: args, Bindings: bindings}
	for _, fact := range list {
		ref, ok := site.RebaseFact(f.fset, fact, "", "", access.PlaceOf)
		if !ok || ref.Key == "" || ref.Path.Elements() {
			continue
		}
		a.Held = slices.DeleteFunc(slices.Clone(a.Held), func(h Held) bool { return h.Ref.Key == ref.Key })
		if ref.Key != a.Ref.Key && !slices.ContainsFunc(a.Released, func(r Ref) bool { return r.Key == ref.Key }) {
			a.Released = append(a.Released, ref)
		}
	}
}

// releasedFacts returns the caller-visible locks of refs as facts.
func releasedFacts(refs []Ref) []access.Fact {
	var out []access.Fact
	for _, r := range refs {
		if fact, ok := r.Path.Fact(); ok && len(out) < maxReleased {
			out = append(out, fact)
		}
	}
	return out
}

// releasedSets intersects, per class or instance, the released locks
// of every acquisition a summary entry stands for: a callee that takes
// the lock once without releasing first keeps the caller's edge.
type releasedSets map[string][]access.Fact

func (r releasedSets) add(key string, refs []Ref) {
	facts := releasedFacts(refs)
	old, ok := r[key]
	if !ok {
		r[key] = facts
		return
	}
	r[key] = slices.DeleteFunc(old, func(f access.Fact) bool {
		return !slices.ContainsFunc(facts, func(g access.Fact) bool { return f.Path().Equal(g.Path()) })
	})
}

// releasedLabel renders released locks for a summary's String.
func releasedLabel(list []access.Fact) string {
	if len(list) == 0 {
		return ""
	}
	names := make([]string, len(list))
	for i, f := range list {
		names[i] = f.String()
	}
	return " after releasing " + strings.Join(names, "+")
}
