package locks

import "slices"

// scratch is what the dataflow of one package's functions reuses from
// one function to the next (model.lookup analyses them one at a time).
type scratch struct {
	// acqs is the buffer a function's acquisitions are recorded into;
	// the function keeps an exact-size copy. A nested analysis (a
	// callee first met on the recording pass) finds it taken and
	// records into its own.
	acqs []Acquisition
	// vias memoises prepend: every call of a callee prepends its name
	// to the same chains of its summary.
	vias map[viaKey][]string
	// refs is applyAcquisitions' buffer of a callee's instance
	// effects in the caller's terms.
	refs []Ref
}

// viaKey names prepend(name, via) by via's first element's address and
// length: summaries' chains are never changed in place.
type viaKey struct {
	name  string
	first *string
	n     int
}

// prepend is prepend, memoised when the flow has a scratch. The chains
// it hands out are shared: no one changes them in place (the cached
// ones are clipped, so an append copies).
func (f *flow) prepend(name string, via []string) []string {
	if f.scratch == nil {
		return prepend(name, via)
	}
	k := viaKey{name: name, n: len(via)}
	if len(via) > 0 {
		k.first = &via[0]
	}
	if out, ok := f.scratch.vias[k]; ok {
		return out
	}
	if f.scratch.vias == nil {
		f.scratch.vias = map[viaKey][]string{}
	}
	out := slices.Clip(prepend(name, via))
	f.scratch.vias[k] = out
	return out
}

// takeAcqs starts the recording pass in the scratch buffer, if free.
func (f *flow) takeAcqs() {
	if f.scratch != nil && f.scratch.acqs != nil {
		f.result.Acquisitions, f.scratch.acqs = f.scratch.acqs[:0], nil
	}
}

// keepAcqs ends the recording pass: the function keeps a copy of its
// acquisitions (nil for none) and the buffer goes back to the scratch.
func (f *flow) keepAcqs() {
	if f.scratch == nil {
		return
	}
	buf := f.result.Acquisitions
	f.result.Acquisitions = nil
	if len(buf) > 0 {
		f.result.Acquisitions = slices.Clone(buf)
	}
	clear(buf) // drop what the old entries point to
	f.scratch.acqs = buf[:0]
}

// refsBuffer returns n zero Refs from the scratch buffer (callers do
// not nest: applyAcquisitions makes no call that analyses).
func (f *flow) refsBuffer(n int) []Ref {
	if f.scratch == nil {
		return make([]Ref, n)
	}
	clear(f.scratch.refs)
	f.scratch.refs = slices.Grow(f.scratch.refs[:0], n)[:n]
	return f.scratch.refs
}
