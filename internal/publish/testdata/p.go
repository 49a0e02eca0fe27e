package p

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type T struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	n    int64
	next *T
	cond *sync.Cond
}

var (
	g        *T
	m        = map[int]*T{}
	hook     func()
	anything any
)

// mark is where each case asks whether its new T is published.
func mark() {}

func keep(t *T)        { g = t }
func sink(x any)       { anything = x }
func (t *T) init()     { t.n = 1; t.next = nil }
func (t *T) self() *T  { return t }
func (t *T) deep()     { t.init() }
func (t *T) deeper()   { t.keepNext() }
func (t *T) keepNext() { t.next = t; keep(t.next) }

func privLock()    { c := &T{}; c.mu.Lock(); mark(); g = c }
func pubGlobal()   { c := &T{}; g = c; mark() }
func pubMap()      { c := new(T); m[1] = c; mark() }
func pubCall()     { c := new(T); keep(c); mark() }
func privInit()    { c := new(T); c.init(); mark() }
func privDeep()    { c := new(T); c.deep(); mark() }
func pubDeeper()   { c := new(T); c.deeper(); mark() }
func pubReturned() { c := new(T); c.self(); mark() }
func pubGo()       { c := new(T); go func() { c.n++ }(); mark() }
func privDefer()   { c := new(T); c.mu.Lock(); defer func() { c.mu.Unlock() }(); mark() }
func pubBranch(b bool) {
	c := new(T)
	if b {
		g = c
	}
	mark()
}
func pubChan(ch chan *T) { c := new(T); ch <- c; mark() }
func privField(o *T)     { c := new(T); c.next = o; mark() }
func pubField(o *T)      { c := new(T); o.next = c; mark() }
func pubInterface()      { c := new(T); var x any = c; sink(x); mark() }
func privSync()          { c := new(T); c.wg.Add(1); atomic.AddInt64(&c.n, 1); mark() }
func privClosureCall()   { c := new(T); f := func() { c.n++ }; f(); mark() }
func pubClosureHook()    { c := new(T); hook = func() { c.n++ }; mark() }
func pubCapturedGo()     { c := new(T); c.n = 2; go func() { keep(c) }(); mark() }
func privLen()           { c := new([4]T); _ = len(c); mark() }
func pubAfterMark()      { c := new(T); mark(); g = c; mark() }

func privLoop(n int) {
	for i := 0; i < n; i++ {
		c := new(T)
		mark()
		g = c
	}
}

func pubLoop(n int) {
	c := new(T)
	for i := 0; i < n; i++ {
		mark()
		g = c
	}
}

func privReassignedCell() {
	c := new(T)
	defer func() { c.mu.Unlock() }()
	c.mu.Lock()
	mark()
}

// A Cond on the object's own mutex, kept in the object itself, is
// reachable only through the object; kept or passed elsewhere it
// publishes the object.
func (t *T) initCond()      { t.cond = sync.NewCond(&t.mu) }
func privCond()             { c := new(T); c.cond = sync.NewCond(&c.mu); mark() }
func privInitCond()         { c := new(T); c.initCond(); mark() }
func pubCondKept()          { c := new(T); c.cond = sync.NewCond(&c.mu); sink(c.cond); mark() }
func pubCondElsewhere(o *T) { c := new(T); o.cond = sync.NewCond(&c.mu); mark() }

// A branch on a value computed once takes the same arm each time it is
// tested: the object published on one arm is private on the other.
func privOtherArm(b bool) {
	c := new(T)
	if b {
		c.n = 1
	} else {
		keep(c)
	}
	if b {
		mark()
	}
}

func pubSameArm(b bool) {
	c := new(T)
	if b {
		keep(c)
	}
	if b {
		mark()
	}
}

// A condition computed again on each turn of a loop may differ.
func pubLoopCond(xs []bool) {
	c := new(T)
	for _, b := range xs {
		if b {
			mark()
		} else {
			keep(c)
		}
	}
}

// fmt's print functions keep no operand; a slice of operands passed
// anywhere else may be kept.
func privPrinted()     { c := new(T); _ = fmt.Sprintf("%v %d", c, 1); mark() }
func pubOperandsKept() { c := new(T); sink([]any{c, 1}); mark() }
