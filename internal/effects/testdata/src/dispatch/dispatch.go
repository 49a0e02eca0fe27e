package dispatch

import "sync"

var mu sync.Mutex

type heapData struct {
	items map[string]struct{}
}

func (h *heapData) Pop() { delete(h.items, "1") } // want Pop:"writes param0.items"

type Interface interface {
	Pop()
}

// Pop runs whichever implementation h holds: the map effects of each,
// as ones that may happen.
func Pop(h Interface) { h.Pop() } // want Pop:`writes param0.items \(may\)`

type Heap struct {
	data *heapData
}

// Heap.Pop's summary, made inside Pop's (a cycle through the
// interface), is made again once Pop's is done.
func (h *Heap) Pop() { Pop(h.data) } // want Pop:`writes param0.data.items \(may\)`

type queue struct {
	heap *Heap
}

func (q *queue) Flush() { q.heap.Pop() } // want Flush:`writes param0.heap.data.items \(may\)`

type store interface {
	Put()
}

type a struct {
	m map[string]int
}

func (x *a) Put() { x.m["a"] = 1 } // want Put:"writes param0.m"

type b struct {
	m    map[string]int
	n    map[string]int
	done chan struct{}
}

func (x *b) Put() { // want Put:"writes param0.m; writes param0.n; closes param0.done"
	x.m["b"] = 1
	x.n["b"] = 1
	close(x.done)
}

// PutIn may run either Put: their map writes (a close is not
// dispatched).
func PutIn(s store) { s.Put() } // want PutIn:`writes param0.m \(may\); writes param0.n \(may\)`

// ViaA's store is an *a: b's n is no field of a.
func ViaA(x *a) { PutIn(x) } // want ViaA:`writes param0.m \(may\)`

// ViaB's store is a *b: its n fits; its m merged with a's in PutIn's
// summary and keeps a's declaration, which is not b's: dropped (the
// safe side).
func ViaB(x *b) { PutIn(x) } // want ViaB:`writes param0.n \(may\)`

// Elements are followed by type: shelf's items are entries, each with a
// map m; rack's items are maps, whose values have no field m.

type entry struct {
	m map[string]int
}

type shelf struct {
	items []*entry
}

func (x *shelf) Put() { x.items[0].m["a"] = 1 } // want Put:`writes param0.items\[0\].m`

type rack struct {
	items map[string]*entry
}

func (x *rack) Put() { x.items["a"].m["a"] = 1 } // want Put:`reads param0.items; writes param0.items\["a"\].m`

type shelver interface {
	Put()
}

func PutOn(s shelver) { s.Put() } // want PutOn:`reads param0.items \(may\); writes param0.items\["a"\].m \(may\); writes param0.items\[0\].m \(may\)`

// ViaShelf keeps shelf's write, not rack's: shelf's items is no map.
func ViaShelf(x *shelf) { PutOn(x) } // want ViaShelf:`writes param0.items\[0\].m \(may\)`
