package chanleak

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// exits narrows the returns of a receiving callee the maker calls to
// those that can strand its sender (hb.Exits). A select case on the
// callee's stop signal (a field, or what a method of a field returns:
// s.stop.Done()) is not a way out when the one sender itself signals it
// (closes or sends on the field, or calls a method of it: s.stop.Stop())
// and only after all its sends: the callee leaves by it only once
// nothing is pending. A return of a non-nil error is a failing test's
// path when the maker asserts the call's error nil right after it
// (require.NoError, a suite's s.Nil(err), if err != nil { t.Fatal(err) }).
//
//	go func() { in <- a; in <- b; s.stop.Stop() }()
//	require.NoError(t, s.serve(in)) // for { select { case <-in: ...; case <-s.stop.Done(): return nil } }
func (c *checker) exits(ch *channel, call ssa.CallInstruction) hb.Exits {
	ex := hb.Exits{FailsOnError: errorAssertedNil(call)}
	if p := soleSender(ch); p != nil {
		ex.Late = func(v ssa.Value) bool {
			class, ok := c.exitClass(v)
			return ok && c.signalsAfterSends(p, class) && !c.signalsBefore(ch.maker.fn, class, call)
		}
	}
	return ex
}

// soleSender returns the one body that sends on the channel and may
// wait, or nil: with two, one's signal may come before the other's
// sends.
func soleSender(ch *channel) *party {
	var out *party
	for _, p := range ch.bodies {
		if len(blockingSends(p)) == 0 {
			continue
		}
		if out != nil {
			return nil
		}
		out = p
	}
	return out
}

// exitClass names the field a select case's channel comes from: the
// field itself, or the field whose method returns it.
func (c *checker) exitClass(v ssa.Value) (string, bool) {
	if call, ok := v.(*ssa.Call); ok {
		recv, ok := receiverOf(call.Common())
		if !ok {
			return "", false
		}
		v = recv
	}
	ref, ok := hb.Storage(c.pass.Fset, v)
	if !ok || !isField(ref) {
		return "", false
	}
	return ref.Class, true
}

// receiverOf returns the value a method call is made on.
func receiverOf(common *ssa.CallCommon) (ssa.Value, bool) {
	if common.IsInvoke() {
		return common.Value, true
	}
	callee := common.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || len(common.Args) == 0 {
		return nil, false
	}
	return common.Args[0], true
}

// signalsAfterSends reports whether p signals the field class, and
// each time only after all its blocking sends, on every path, and not
// in a loop that sends again.
func (c *checker) signalsAfterSends(p *party, class string) bool {
	found := false
	for _, b := range p.fn.Blocks {
		for _, instr := range b.Instrs {
			if !c.signals(instr, class) {
				continue
			}
			for _, u := range blockingSends(p) {
				if !hb.Before(u.instr, instr) || hb.Reaches(instr, u.instr) {
					return false
				}
			}
			found = true
		}
	}
	return found
}

// signalsBefore reports whether the maker can signal the field class
// before its call (a deferred signal runs after it).
func (c *checker) signalsBefore(fn *ssa.Function, class string, call ssa.CallInstruction) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, deferred := instr.(*ssa.Defer); deferred || !c.signals(instr, class) {
				continue
			}
			if instr == call || hb.Reaches(instr, call) {
				return true
			}
		}
	}
	return false
}

// signals reports whether instr closes or sends on a field of the
// class, itself or in a call, or calls a method of it that returns no
// channel (Stop, Shutdown, Close: a getter of its channel is no
// signal).
func (c *checker) signals(instr ssa.Instruction, class string) bool {
	for _, d := range effects.DirectOps(instr) {
		if d.Kind != effects.ChanClose && d.Kind != effects.ChanSend {
			continue
		}
		if ref, ok := hb.Storage(c.pass.Fset, d.Value); ok && ref.Class == class {
			return true
		}
	}
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	if _, isGo := call.(*ssa.Go); isGo {
		return false
	}
	for _, e := range c.effects.AtKinds(call, effects.ChanKinds) {
		if (e.Kind == effects.ChanClose || e.Kind == effects.ChanSend) && e.Ref.Class == class {
			return true
		}
	}
	recv, ok := receiverOf(call.Common())
	if !ok || returnsChan(call.Common().Signature()) {
		return false
	}
	ref, ok := hb.Storage(c.pass.Fset, recv)
	return ok && isField(ref) && ref.Class == class
}

// returnsChan reports whether a signature returns a channel.
func returnsChan(sig *types.Signature) bool {
	for v := range sig.Results().Variables() {
		if _, ok := v.Type().Underlying().(*types.Chan); ok {
			return true
		}
	}
	return false
}

// The testify assertions on a nil argument, by callee name:
// nilAsserts fail the test unless it is nil (require and assert);
// noErrorAsserts, require's NoError, also end it there.
var nilAsserts, noErrorAsserts = testifyNilAsserts()

func testifyNilAsserts() (fails, ends map[string]bool) {
	fails, ends = map[string]bool{}, map[string]bool{}
	for _, pkg := range []string{"require", "assert"} {
		for _, name := range []string{"NoError", "NoErrorf", "Nil", "Nilf"} {
			for _, full := range []string{
				"github.com/stretchr/testify/" + pkg + "." + name,
				"(*github.com/stretchr/testify/" + pkg + ".Assertions)." + name,
			} {
				fails[full] = true
				ends[full] = pkg == "require" && strings.HasPrefix(name, "NoError")
			}
		}
	}
	return fails, ends
}

// errorAssertedNil reports whether the caller fails the test, right
// after call and in its block, unless the call's error result is nil.
func errorAssertedNil(call ssa.CallInstruction) bool {
	c, ok := call.(*ssa.Call)
	if !ok {
		return false
	}
	res := c.Call.Signature().Results()
	n := res.Len()
	if n == 0 || !types.Identical(res.At(n-1).Type(), types.Universe.Lookup("error").Type()) {
		return false
	}
	var v ssa.Value = c
	if n > 1 {
		v = nil
		for _, ref := range *c.Referrers() {
			if x, ok := ref.(*ssa.Extract); ok && x.Index == n-1 {
				v = x
			}
		}
		if v == nil {
			return false
		}
	}
	return assertedNil(v, c.Block())
}

// assertedNil reports whether a use of v in block b fails the test
// unless v is nil.
func assertedNil(v ssa.Value, b *ssa.BasicBlock) bool {
	for _, ref := range *v.Referrers() {
		if ref.Block() != b {
			continue
		}
		switch x := ref.(type) {
		case *ssa.ChangeInterface:
			if assertedNil(x, b) {
				return true
			}
		case *ssa.MakeInterface:
			if assertedNil(x, b) {
				return true
			}
		case *ssa.Call:
			if nilAsserts[ssautil.CalleeName(&x.Call)] {
				return true
			}
		case *ssa.BinOp:
			if _, nonNil, ok := nilArms(b, v); ok && (ssautil.NeverReturnsFrom(nonNil) || ssautil.EndsOrFails(nonNil)) {
				return true
			}
		}
	}
	return false
}
