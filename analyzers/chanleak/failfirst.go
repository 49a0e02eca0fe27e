package chanleak

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// failingSends returns the blocks of the partner q where it sends, on
// another channel of the same maker, an error that is not nil there,
// when the receiver r checks that channel's value is nil (testify's
// require.NoError, or `if err != nil { t.Fatal(err) }`) before its
// receive u: the common test shape
//
//	go func() { if err != nil { errc <- err; return }; data <- d; errc <- nil }()
//	require.NoError(t, <-errc)
//	got := <-data
//
// On a path through such a send the receiver's test ends before u, so
// the partner's return there strands nothing.
func (c *checker) failingSends(ch *channel, q, r *party, u use) map[*ssa.BasicBlock]bool {
	var out map[*ssa.BasicBlock]bool
	for _, e := range c.followed[ch.maker.fn] {
		if e == ch {
			continue
		}
		re, qe := samePartyOf(e, r), samePartyOf(e, q)
		if re == nil || qe == nil || !checksNilBefore(re, u.instr) {
			continue
		}
		for _, s := range qe.uses {
			snd, ok := s.instr.(*ssa.Send)
			if !ok || s.kind != send || s.via != nil || !ssautil.NonNilAt(snd.X, snd.Block()) {
				continue
			}
			if out == nil {
				out = map[*ssa.BasicBlock]bool{}
			}
			out[snd.Block()] = true
		}
	}
	return out
}

// samePartyOf returns e's party that is p's function on p's goroutine:
// its maker, or the body of the same spawn.
func samePartyOf(e *channel, p *party) *party {
	if p.spawn == nil {
		if e.maker.fn == p.fn {
			return e.maker
		}
		return nil
	}
	for _, b := range e.bodies {
		if b.spawn != nil && b.spawn.Instr == p.spawn.Instr {
			return b
		}
	}
	return nil
}

// checksNilBefore reports whether r receives from the channel and
// checks the value is nil, ending the test otherwise, on every path
// before at.
func checksNilBefore(r *party, at ssa.Instruction) bool {
	for _, u := range r.uses {
		got, ok := u.instr.(*ssa.UnOp)
		if !ok || u.kind != recv || got.Op != token.ARROW || !hb.Before(got, at) {
			continue
		}
		for _, ref := range *got.Referrers() {
			if endsUnlessNil(ref, got, at) {
				return true
			}
		}
	}
	return false
}

// endsUnlessNil reports whether instr, a use of v before at, ends the
// test unless v is nil: require.NoError(t, v), or a branch on v != nil
// whose non-nil arm never returns (t.Fatal) and whose nil arm leads to
// at.
func endsUnlessNil(instr ssa.Instruction, v ssa.Value, at ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.Call:
		return noErrorAsserts[ssautil.CalleeName(&x.Call)] && hb.Before(x, at)
	case *ssa.BinOp:
		isNil, nonNil, ok := nilArms(x.Block(), v)
		return ok && ssautil.NeverReturnsFrom(nonNil) && isNil.Dominates(at.Block())
	}
	return false
}

// nilArms returns the successors of b taken when v is nil and when it
// is not, if b ends in a nil check of v.
func nilArms(b *ssa.BasicBlock, v ssa.Value) (isNil, nonNil *ssa.BasicBlock, ok bool) {
	isNil, ok = ssautil.NilSucc(b, func(x ssa.Value) bool { return x == v })
	if !ok {
		return nil, nil, false
	}
	nonNil = b.Succs[0]
	if nonNil == isNil {
		nonNil = b.Succs[1]
	}
	return isNil, nonNil, true
}
