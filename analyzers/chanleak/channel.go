package chanleak

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/effects"
	"github.com/concurlint/concurlint/internal/hb"
	"github.com/concurlint/concurlint/internal/spawn"
	"github.com/concurlint/concurlint/internal/ssautil"
)

// opKind is what a use does with the channel.
type opKind int

const (
	send opKind = iota
	recv
	closeOp
)

// use is one operation on a channel in one function.
type use struct {
	instr ssa.Instruction // a Send, an UnOp receive, a Select, a close call
	kind  opKind
	// state is the select case of the operation, -1 outside a select.
	state int
	// via is set for an operation a callee makes: instr is the call.
	via *effects.Op
}

// blocking reports whether the operation waits for its partner alone:
// not a select with another case or a default.
func (u use) blocking() bool {
	if u.via != nil {
		return !u.via.Select
	}
	sel, ok := u.instr.(*ssa.Select)
	return !ok || sel.Blocking && len(sel.States) == 1
}

// party is a function that uses the channel: its maker, or a body the
// maker starts.
type party struct {
	fn    *ssa.Function
	spawn *spawn.Spawn // nil for the maker
	uses  []use
	// returned holds the result indices the maker returns the channel
	// as.
	returned []int
}

func (p *party) has(kind opKind) bool {
	for _, u := range p.uses {
		if u.kind == kind {
			return true
		}
	}
	return false
}

// channel is a channel a function makes and shares only with the
// bodies it starts, with every operation on it.
type channel struct {
	made *ssa.MakeChan
	// size is the buffer size, -1 when it is not a constant.
	size  int64
	maker *party
	// bodies are the spawned bodies that use it.
	bodies []*party
	// values are the SSA values that hold it in the maker.
	values []ssa.Value
	// assignedTo names what the make call is assigned to in the
	// source ("the channel" when nothing is).
	assignedTo string
}

// name is how messages name the channel: the variable it is stored
// in, or the variable or field its make call is assigned to.
func (ch *channel) name() string {
	for _, v := range ch.values {
		if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
			if a, ok := load.X.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
	}
	return ch.assignedTo
}

// channelsOf lists the channels fn makes whose every use it can see.
func (c *checker) channelsOf(fn *ssa.Function) []*channel {
	var out []*channel
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			m, ok := instr.(*ssa.MakeChan)
			if !ok {
				continue
			}
			c.checkUnshared(fn, m)
			if ch, ok := c.follow(fn, m); ok {
				out = append(out, ch)
			}
		}
	}
	return out
}

// follow collects the uses of the channel m makes; ok is false when it
// leaves the maker and its bodies in a way that hides its partner
// (returned, stored, passed to a function that is not a spawn).
func (c *checker) follow(fn *ssa.Function, m *ssa.MakeChan) (*channel, bool) {
	ch := &channel{made: m, size: -1, maker: &party{fn: fn}, assignedTo: assignedTo(c.pass, m.Pos())}
	if n, ok := ssautil.ChanSize(m); ok {
		ch.size = n
	}
	values, cells, ok := holders(m)
	if !ok {
		return nil, false
	}
	ch.values = values
	bodies := map[ssa.Instruction]*party{}
	for _, v := range values {
		if !c.usesOf(ch.maker, v, func(s spawn.Spawn, arg int) bool { return c.spawned(ch, bodies, s, arg, -1) }) {
			return nil, false
		}
	}
	for _, cell := range cells {
		for _, ref := range *cell.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Store, *ssa.UnOp, *ssa.DebugRef:
			case *ssa.MakeClosure:
				s, ok := c.spawnOf(ref)
				if !ok {
					return nil, false
				}
				for i, b := range ref.Bindings {
					if b == cell && !c.spawned(ch, bodies, s, -1, i) {
						return nil, false
					}
				}
			default:
				return nil, false
			}
		}
	}
	return ch, true
}

// holders returns the maker's values that hold m: m itself and the
// loads of the local variables m is stored in (cells), when m is stored
// in nothing else and nothing else is stored there.
func holders(m *ssa.MakeChan) (values []ssa.Value, cells []*ssa.Alloc, ok bool) {
	values = []ssa.Value{m}
	for _, ref := range *m.Referrers() {
		st, isStore := ref.(*ssa.Store)
		if !isStore {
			continue
		}
		cell, isAlloc := st.Addr.(*ssa.Alloc)
		if !isAlloc || st.Val != m {
			return nil, nil, false
		}
		for _, r := range *cell.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Val != m {
					return nil, nil, false // the variable holds another channel too
				}
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return nil, nil, false
				}
				values = append(values, r)
			}
		}
		cells = append(cells, cell)
	}
	return values, cells, true
}

// spawnOf finds the spawn that runs a closure.
func (c *checker) spawnOf(mc *ssa.MakeClosure) (spawn.Spawn, bool) {
	for _, ref := range *mc.Referrers() {
		if s, ok := c.spawns.OfInstr(ref); ok && s.Fn == mc {
			return s, true
		}
	}
	return spawn.Spawn{}, false
}

// spawned adds the uses a body makes of the channel it receives as
// parameter arg or free variable free (a cell holding it).
func (c *checker) spawned(ch *channel, bodies map[ssa.Instruction]*party, s spawn.Spawn, arg, free int) bool {
	body := s.Body()
	if body == nil || len(body.Blocks) == 0 {
		return false
	}
	p := bodies[s.Instr]
	if p == nil {
		p = &party{fn: body, spawn: &s}
		bodies[s.Instr] = p
		ch.bodies = append(ch.bodies, p)
	}
	noSpawn := func(spawn.Spawn, int) bool { return false }
	switch {
	case arg >= 0 && arg < len(body.Params):
		return c.usesOf(p, body.Params[arg], noSpawn)
	case free >= 0 && free < len(body.FreeVars):
		for _, ref := range *body.FreeVars[free].Referrers() {
			switch ref := ref.(type) {
			case *ssa.UnOp:
				if ref.Op != token.MUL || !c.usesOf(p, ref, noSpawn) {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
		return true
	}
	return false
}

// calleeUses adds to p the operations a call makes on v, a value
// holding the channel, when the callee is known and keeps v nowhere:
// then its effects (internal/effects) are all it does with it.
func (c *checker) calleeUses(p *party, call ssa.CallInstruction, v ssa.Value) bool {
	if _, isGo := call.(*ssa.Go); isGo {
		return false
	}
	common := call.Common()
	fn := common.StaticCallee()
	if common.IsInvoke() || fn == nil || len(fn.Blocks) == 0 || fn.Pkg != p.fn.Pkg {
		return false
	}
	for i, a := range common.Args {
		// A callee that may keep the channel, or whose effects on it
		// may be out of sight, hides its partner.
		if a == v && (c.keeps.Keeps(fn, i) || !c.effects.Complete(fn, i)) {
			return false
		}
	}
	if common.Value == v {
		return false
	}
	ref, ok := hb.Storage(c.pass.Fset, ssautil.ChanValue(v))
	if !ok {
		return false
	}
	ops := c.effects.AtKinds(call, effects.ChanKinds)
	for i := range ops {
		op := &ops[i] // shared, never changed (AtKinds)
		k, ok := kinds[op.Kind]
		if !ok || op.Ref.Key != ref.Key {
			continue
		}
		p.uses = append(p.uses, use{instr: call, kind: k, state: -1, via: op})
	}
	return true
}

var kinds = map[effects.Kind]opKind{effects.ChanSend: send, effects.ChanRecv: recv, effects.ChanClose: closeOp}

// usesOf adds to p the operations on v, a value holding the channel;
// a spawn passing v as an argument is handed to spawned. It is false
// when v goes anywhere else.
func (c *checker) usesOf(p *party, v ssa.Value, spawned func(spawn.Spawn, int) bool) bool {
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Send:
			if ref.Chan != v {
				return false // the channel sent as a value
			}
			p.uses = append(p.uses, use{instr: ref, kind: send, state: -1})
		case *ssa.UnOp:
			if ref.Op != token.ARROW {
				return false
			}
			p.uses = append(p.uses, use{instr: ref, kind: recv, state: -1})
		case *ssa.Select:
			for i, st := range ref.States {
				if st.Chan == v {
					k := recv
					if st.Dir == types.SendOnly {
						k = send
					}
					p.uses = append(p.uses, use{instr: ref, kind: k, state: i})
				}
				if st.Send == v {
					return false
				}
			}
		case *ssa.Call, *ssa.Defer, *ssa.Go:
			call := ref.(ssa.CallInstruction).Common()
			if arg, ok := ssautil.CloseArg(call); ok && arg == v {
				p.uses = append(p.uses, use{instr: ref, kind: closeOp, state: -1})
				continue
			}
			s, ok := c.spawns.OfInstr(ref)
			if !ok {
				if !c.calleeUses(p, ref.(ssa.CallInstruction), v) {
					return false
				}
				continue
			}
			if s.Fn == v {
				return false
			}
			matched := false
			for i, a := range s.Args {
				if a == v {
					matched = true
					if !spawned(s, i) {
						return false
					}
				}
			}
			if !matched {
				return false
			}
		case *ssa.Store:
			// The made channel stored in its variable: holders follows
			// the variable.
			if _, made := v.(*ssa.MakeChan); !made || ref.Val != v {
				return false
			}
		case *ssa.Return:
			if p.spawn != nil {
				return false
			}
			for i, r := range ref.Results {
				if r == v {
					p.returned = append(p.returned, i)
				}
			}
		case *ssa.ChangeType:
			// chan T as <-chan T or chan<- T: the same channel.
			if !c.usesOf(p, ref, spawned) {
				return false
			}
		case *ssa.DebugRef:
		case *ssa.BinOp:
			// ch == nil and the like: no use of the partner.
			if ref.Op != token.EQL && ref.Op != token.NEQ {
				return false
			}
		default:
			return false
		}
	}
	return true
}
