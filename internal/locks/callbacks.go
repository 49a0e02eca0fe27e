package locks

import (
	"slices"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/calls"
)

// Callback is a function parameter a function calls itself (not on a
// new goroutine), with the lock classes it holds around the call:
//
//	func (c *Cache) locked(f func()) { c.mu.Lock(); defer c.mu.Unlock(); f() }
//
// A caller that passes a known function (a closure, a method value)
// sees that function's acquisitions at its call, nested under its own
// locks and under Held.
type Callback struct {
	Param int
	Held  []Acquire // class, mode and site of each lock held, at most maxGates
}

// callbackCall records a call of one of fn's function parameters.
func (f *flow) callbackCall(call *ssa.CallCommon, s *state) {
	p, ok := call.Value.(*ssa.Parameter)
	if !ok || call.IsInvoke() || !f.recording {
		return
	}
	if i := slices.Index(f.fn.Params, p); i >= 0 {
		f.addCallback(i, f.heldClasses(s, nil))
	}
}

// heldClasses lists the classes held in s, and those in more.
func (f *flow) heldClasses(s *state, more []Acquire) []Acquire {
	out := append([]Acquire(nil), more...)
	for _, h := range s.list() {
		if h.Ref.Class != "" {
			out = append(out, Acquire{Class: h.Ref.Class, ClassName: h.Ref.ClassName, Mode: h.Mode, Site: f.site(h.Pos), Via: h.Via})
		}
	}
	return out
}

func (f *flow) addCallback(param int, held []Acquire) {
	if f.callbacks == nil {
		f.callbacks = map[int][]Acquire{}
	}
	for _, h := range held {
		if !containsClass(f.callbacks[param], h.Class) {
			f.callbacks[param] = append(f.callbacks[param], h)
		}
	}
	if _, ok := f.callbacks[param]; !ok {
		f.callbacks[param] = []Acquire{}
	}
}

func containsClass(list []Acquire, class string) bool {
	for _, a := range list {
		if a.Class == class {
			return true
		}
	}
	return false
}

// summariseCallbacks lists the recorded callbacks, in parameter order.
func (f *flow) summariseCallbacks() []Callback {
	var out []Callback
	for param, held := range f.callbacks {
		sort.Slice(held, func(i, j int) bool { return held[i].Class < held[j].Class })
		if len(held) > maxGates {
			held = held[:maxGates]
		}
		out = append(out, Callback{Param: param, Held: held})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Param < out[j].Param })
	return out
}

// applyCallbacks runs, at a call of a function with callbacks, the
// functions passed for them: their acquisitions happen during the
// call, under the caller's locks and the callee's. A parameter of ours
// passed on makes a callback of ours.
func (f *flow) applyCallbacks(instr *ssa.Call, args []ssa.Value, name string, sum *Summary, s *state) {
	for _, cb := range sum.Callbacks {
		if cb.Param < 0 || cb.Param >= len(args) || args[cb.Param] == nil {
			continue
		}
		arg := args[cb.Param]
		if p, ok := arg.(*ssa.Parameter); ok && p.Parent() == f.fn {
			if f.recording {
				f.addCallback(slices.Index(f.fn.Params, p), f.heldClasses(s, cb.Held))
			}
			continue
		}
		for _, c := range f.calls.Values(f.fn, arg) {
			if use := trust(nil, c); use != wholly && use != oneOf {
				continue
			}
			if got := f.lookup(c.Fn); got != nil {
				f.runCallback(instr, c, name, cb, got, s)
			}
		}
	}
}

// runCallback applies the acquisitions of callback c at the call.
func (f *flow) runCallback(instr *ssa.Call, c calls.Callee, name string, cb Callback, sum *Summary, s *state) {
	if !f.recording {
		return // it only records acquisitions
	}
	callback := ShortFunc(c.Fn)
	for _, a := range sum.Acquires {
		f.acquire(instr, Ref{Class: a.Class, ClassName: a.ClassName}, a.Mode, f.prepend(name, f.prepend(callback, a.Via)), a.Site, true, f.guard(instr.Block()), s)
		f.underCallee(instr, cb.Held)
		f.mayOnly(a.May || c.Alternatives > 1)
	}
	for _, e := range sum.Locks {
		if ref, ok := f.mapEffect(e, nil, c.Bindings); ok {
			f.acquire(instr, ref, e.Mode, f.prepend(name, f.prepend(callback, e.Via)), e.Site, false, f.guard(instr.Block()), s)
			f.underCallee(instr, cb.Held)
			f.mayOnly(c.Alternatives > 1)
		}
	}
}

// underCallee adds to the acquisition just recorded the classes the
// callee holds around the callback.
func (f *flow) underCallee(instr *ssa.Call, held []Acquire) {
	if !f.recording || len(f.result.Acquisitions) == 0 {
		return
	}
	a := &f.result.Acquisitions[len(f.result.Acquisitions)-1]
	for _, h := range held {
		if h.Class == a.Ref.Class {
			continue
		}
		a.Held = append(a.Held, Held{Ref: Ref{Class: h.Class, ClassName: h.ClassName}, Mode: h.Mode, Pos: instr.Pos(), Via: h.Via})
	}
}
