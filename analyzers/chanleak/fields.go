package chanleak

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/report"
)

// A channel field nothing can signal on: an unexported field of a type
// of this package that holds only channels made for it (or nil), whose
// value goes nowhere a send or close could come from (code outside the
// package sees it at most as a <-chan). A blocking receive from it
// waits forever.

// fieldFacts is what the package does with one channel field.
type fieldFacts struct {
	values   map[ssa.Value]bool // the values that hold the field's channel
	receives []use
	spoiled  bool // a send, a close, or a use that could lead to one
}

// checkFields reports blocking receives from channel fields nothing in
// the package sends on or closes.
func (c *checker) checkFields(funcs []*ssa.Function) {
	fields := map[*types.Var]*fieldFacts{}
	factsOf := func(f *types.Var) *fieldFacts {
		// A generic type's methods each see the fields of their own
		// instance (shard[K, V] with the method's type parameters): one
		// field is their origin.
		f = f.Origin()
		if fields[f] == nil {
			fields[f] = &fieldFacts{values: map[ssa.Value]bool{}}
		}
		return fields[f]
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if fv, ok := instr.(*ssa.Field); ok {
					// A field of a struct value: its value is the field's
					// channel too.
					if f := fieldOfValue(fv); f != nil && c.ownChannelField(f) {
						factsOf(f).values[fv] = true
					}
					continue
				}
				fa, ok := instr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				f := access.FieldOf(fa.X.Type(), fa.Field)
				if f == nil || !c.ownChannelField(f) {
					continue
				}
				facts := factsOf(f)
				for _, ref := range *fa.Referrers() {
					switch ref := ref.(type) {
					case *ssa.UnOp:
						if ref.Op == token.MUL {
							facts.values[ref] = true
							continue
						}
					case *ssa.Store:
						if ref.Addr == fa && freshOrNil(ref.Val) {
							continue
						}
					case *ssa.DebugRef:
						continue
					}
					facts.spoiled = true
				}
			}
		}
	}
	for f, facts := range fields {
		if facts.spoiled {
			continue
		}
		c.followField(funcs, facts)
		if facts.spoiled {
			continue
		}
		for _, u := range facts.receives {
			if !u.blocking() {
				continue
			}
			related := []analysis.RelatedInformation{report.Related(f.Pos(), "field %s declared here", f.Name())}
			c.reportf(u.instr, related, nil, "receive from field %s blocks forever: nothing in the package sends on it or closes it", f.Name())
		}
	}
}

// ownChannelField reports whether f is an unexported channel field of
// a struct declared in this package: only this package can reach it.
func (c *checker) ownChannelField(f *types.Var) bool {
	if f.Exported() || f.Pkg() != c.pass.Pkg || f.Anonymous() {
		return false
	}
	ch, ok := f.Type().Underlying().(*types.Chan)
	return ok && ch.Dir() == types.SendRecv
}

// fieldOfValue returns the field a Field instruction selects.
func fieldOfValue(fv *ssa.Field) *types.Var {
	st, ok := fv.X.Type().Underlying().(*types.Struct)
	if !ok || fv.Field >= st.NumFields() {
		return nil
	}
	return st.Field(fv.Field)
}

// freshOrNil reports whether v is nil or a channel made only to be
// stored here.
func freshOrNil(v ssa.Value) bool {
	if k, ok := v.(*ssa.Const); ok && k.IsNil() {
		return true
	}
	m, ok := v.(*ssa.MakeChan)
	return ok && len(nonDebug(*m.Referrers())) == 1
}

// followField follows the field's values to their receives, through
// functions that return them, and spoils the field at anything else.
func (c *checker) followField(funcs []*ssa.Function, facts *fieldFacts) {
	work := make([]ssa.Value, 0, len(facts.values))
	for v := range facts.values {
		work = append(work, v)
	}
	// returns counts, per function and result, the returns of a field
	// value; a function all of whose returns of that result are field
	// values (or nil) hands the field to its callers.
	returns := map[*ssa.Function]map[int]bool{}
	for round := 0; round < 4 && len(work) > 0; round++ {
		for len(work) > 0 {
			v := work[len(work)-1]
			work = work[:len(work)-1]
			for _, ref := range *v.Referrers() {
				if !c.fieldUse(facts, v, ref, returns, &work) {
					facts.spoiled = true
					return
				}
			}
		}
		for fn, results := range returns {
			for i := range results {
				if !allReturn(fn, i, facts.values) {
					continue
				}
				for _, v := range callResults(funcs, fn, i) {
					if !facts.values[v] {
						facts.values[v] = true
						work = append(work, v)
					}
				}
			}
			delete(returns, fn)
		}
	}
}

// fieldUse records one use of a field value; false spoils the field.
func (c *checker) fieldUse(facts *fieldFacts, v ssa.Value, ref ssa.Instruction, returns map[*ssa.Function]map[int]bool, work *[]ssa.Value) bool {
	add := func(x ssa.Value) {
		if !facts.values[x] {
			facts.values[x] = true
			*work = append(*work, x)
		}
	}
	switch ref := ref.(type) {
	case *ssa.UnOp:
		if ref.Op == token.ARROW {
			facts.receives = append(facts.receives, use{instr: ref, kind: recv, state: -1})
			return true
		}
	case *ssa.Select:
		for i, st := range ref.States {
			if st.Chan == v && st.Dir == types.RecvOnly {
				facts.receives = append(facts.receives, use{instr: ref, kind: recv, state: i})
			}
			if st.Chan == v && st.Dir != types.RecvOnly || st.Send == v {
				return false
			}
		}
		return true
	case *ssa.ChangeType:
		if recvOnly(ref.Type()) {
			add(ref)
			return true
		}
	case *ssa.Return:
		fn := ref.Parent()
		for i, r := range ref.Results {
			if r == v {
				if !recvOnly(fn.Signature.Results().At(i).Type()) {
					return false // the caller may send or close
				}
				if returns[fn] == nil {
					returns[fn] = map[int]bool{}
				}
				returns[fn][i] = true
			}
		}
		return true
	case ssa.CallInstruction:
		// Handed on as a <-chan, the callee can only receive.
		common := ref.Common()
		if common.Value == v {
			return false
		}
		sig := common.Signature()
		args := common.Args
		if common.IsInvoke() || sig.Recv() != nil && len(args) > sig.Params().Len() {
			args = args[len(args)-sig.Params().Len():]
		}
		for i, a := range args {
			if a == v && (i >= sig.Params().Len() || !recvOnly(sig.Params().At(i).Type())) {
				return false
			}
		}
		return true
	case *ssa.BinOp:
		return ref.Op == token.EQL || ref.Op == token.NEQ
	case *ssa.DebugRef:
		return true
	}
	return false
}

// recvOnly reports whether t is a receive-only channel type.
func recvOnly(t types.Type) bool {
	ch, ok := t.Underlying().(*types.Chan)
	return ok && ch.Dir() == types.RecvOnly
}

// allReturn reports whether every return of fn gives a field value, or
// nil, as result i.
func allReturn(fn *ssa.Function, i int, values map[ssa.Value]bool) bool {
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		r := ret.Results[i]
		if k, ok := r.(*ssa.Const); ok && k.IsNil() {
			continue
		}
		if !values[r] {
			return false
		}
	}
	return true
}

// callResults lists the values that hold result i of the calls to fn.
func callResults(funcs []*ssa.Function, fn *ssa.Function, i int) []ssa.Value {
	var out []ssa.Value
	for _, caller := range funcs {
		for _, b := range caller.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || call.Call.StaticCallee() != fn {
					continue
				}
				if fn.Signature.Results().Len() == 1 {
					out = append(out, call)
					continue
				}
				for _, ref := range *call.Referrers() {
					if ext, ok := ref.(*ssa.Extract); ok && ext.Index == i {
						out = append(out, ext)
					}
				}
			}
		}
	}
	return out
}
