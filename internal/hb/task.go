package hb

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/access"
	"github.com/concurlint/concurlint/internal/spawn"
)

// Task is one body a function spawns, seen from its spawner: the spawn,
// the body, the body's operations an analyzer cares about (named in the
// spawner's terms, Op being the analyzer's own record of one), and the
// part of the spawner that may run while the body runs. The spawner's
// own code is a Task too, with a nil Spawn, so that an analyzer can
// compare every party the same way.
type Task[Op any] struct {
	Spawn *spawn.Spawn // nil for the spawner's own code
	Fn    *ssa.Function
	Ops   []Op
	// Concurrent holds the spawner's instructions that may run while
	// the body runs: reachable from the spawn without passing a join.
	// It is empty for the spawner's own code.
	Concurrent Region
}

// Tasks lists the spawns of fn whose body is known, in block order,
// each with the operations ops finds in its body; a spawn whose body
// has none is left out. Each task's Concurrent region counts the body's
// signals (Done, a send, a close) only when they follow every operation
// for which last returns true: a goroutine that signals and then goes
// on touching the shared thing is not joined by a wait for the signal.
func Tasks[Op any](x *Index, fn *ssa.Function, ops func(s spawn.Spawn, body *ssa.Function) []Op, last func(Op) (ssa.Instruction, bool)) []*Task[Op] {
	var tasks []*Task[Op]
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := x.spawns(instr)
			if !ok || s.Body() == nil || len(s.Body().Blocks) == 0 {
				continue
			}
			t := &Task[Op]{Spawn: &s, Fn: s.Body(), Ops: ops(s, s.Body())}
			if len(t.Ops) == 0 {
				continue
			}
			var after []ssa.Instruction
			for _, o := range t.Ops {
				if instr, ok := last(o); ok {
					after = append(after, instr)
				}
			}
			t.Concurrent = x.ConcurrentAfter(s, after)
			tasks = append(tasks, t)
		}
	}
	return tasks
}

// InSpawner keeps the operations of a body s spawns whose place (what
// place returns) has a name in the spawner's terms (Outer), each paired
// with that name by keyed: the Ops of a Task. A place of the body's own
// cannot be shared with the spawner and is left out.
func InSpawner[Op, Keyed any](fset *token.FileSet, s spawn.Spawn, ops []Op, place func(Op) access.Ref, keyed func(Op, string) Keyed) []Keyed {
	var out []Keyed
	for _, o := range ops {
		if key, ok := Outer(fset, s, place(o)); ok {
			out = append(out, keyed(o, key))
		}
	}
	return out
}

// Repeats reports whether the task may run beside its own other
// instances: it is started again (in a loop) before it is joined.
func (t *Task[Op]) Repeats() bool {
	return t.Spawn != nil && t.Concurrent.Contains(t.Spawn.Instr)
}

// Beside reports whether two tasks of one spawner may run at the same
// time: either is started while the other may still run.
func (t *Task[Op]) Beside(u *Task[Op]) bool {
	if t.Spawn == nil || u.Spawn == nil {
		return false
	}
	return t.Concurrent.Contains(u.Spawn.Instr) || u.Concurrent.Contains(t.Spawn.Instr)
}
