package flow

// Shape 8: hand-over-hand traversal.

import (
	"sync"
)

type Tree struct {
	mu       sync.Mutex
	children map[string]*Tree
	next     *Tree
}

// ✅ Shape 8: lock coupling down a tree.
func (t *Tree) find(path []string) *Tree {
	cur := t
	cur.mu.Lock()
	for _, k := range path {
		child := cur.children[k]
		if child == nil {
			cur.mu.Unlock()
			return nil
		}
		child.mu.Lock()
		cur.mu.Unlock()
		cur = child
	}
	cur.mu.Unlock()
	return cur
}

// ✅ Shape 8: lock coupling along a list.
func (t *Tree) last() *Tree {
	cur := t
	cur.mu.Lock()
	for cur.next != nil {
		next := cur.next
		next.mu.Lock()
		cur.mu.Unlock()
		cur = next
	}
	cur.mu.Unlock()
	return cur
}

// ❌ Twin: two trees from the caller locked with no order.
func graft(a, b *Tree) {
	a.mu.Lock()
	b.mu.Lock() // want `b.mu is locked while a.mu is held, and both are \(flow.Tree\).mu`
	b.next = a
	b.mu.Unlock()
	a.mu.Unlock()
}

type index struct{ byName map[string]*Dir }

type Dir struct {
	mu   sync.Mutex
	kids index
	list []*Dir
}

// ✅ Shape 8: a child found with comma-ok two fields down.
func (d *Dir) lookup(k string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	child, ok := d.kids.byName[k]
	if !ok {
		return
	}
	child.mu.Lock()
	child.mu.Unlock()
}

// ✅ Shape 8: every child of a map, parent held.
func (d *Dir) children() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, child := range d.kids.byName {
		child.mu.Lock()
		child.mu.Unlock()
	}
}

// ✅ Shape 8: the same class, recursively down a slice.
func (d *Dir) lockAll() {
	d.mu.Lock()
	for _, sub := range d.list {
		sub.lockAll()
	}
	d.mu.Unlock()
}

// ✅ Shape 8: through a getter taking the parent.
func childOf(d *Dir, i int, ok bool) *Dir {
	if !ok {
		return nil
	}
	return d.list[i]
}

func (d *Dir) second() {
	d.mu.Lock()
	c := childOf(d, 1, true)
	c.mu.Lock()
	c.mu.Unlock()
	d.mu.Unlock()
}

// ✅ Shape 8: hand over hand from a parameter, one step.
func (d *Dir) step(i int) *Dir {
	d.mu.Lock()
	next := d.list[i]
	next.mu.Lock()
	d.mu.Unlock()
	return next
}
