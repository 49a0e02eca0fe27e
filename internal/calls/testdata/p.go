package p

import (
	"errors"
	"fmt"
	"log"
	"sync"
)

type T struct {
	mu      sync.Mutex
	onEvent func()
	hook    func(int)
	cb      func()
	unknown func()
	multi   func()
	set     func()
	setAny  func()
}

// Setters: the field holds what the package passes.
func (t *T) SetCb(f func())  { t.set = f }
func (t *T) SetAny(f func()) { t.setAny = f }

func setters(t *T, f func()) {
	t.SetCb(helper)
	t.SetCb(t.other)
	t.SetAny(f)
	t.set()    // callees: field:helper field:(*T).other
	t.setAny() // callees: none
}

func (t *T) handle()        { t.mu.Lock(); t.mu.Unlock() }
func (t *T) other()         {}
func hookA(int)             {}
func hookB(int)             {}
func (t *T) String() string { return "T" }

func New(f func()) *T {
	t := &T{}
	t.onEvent = t.handle
	t.hook = hookA
	t.cb = func() { t.other() }
	t.unknown = f
	t.multi = nil
	return t
}

func (t *T) setHook()  { t.hook = hookB }
func (t *T) setMulti() { t.multi = t.other }

func static(t *T) {
	t.handle()  // callees: static:(*T).handle
	helper()    // callees: static:helper
	func() {}() // callees: static:static$1
}

func helper() {}

func fields(t *T) {
	t.onEvent() // callees: field:(*T).handle
	t.hook(1)   // callees: field:hookA field:hookB
	t.cb()      // callees: field:New$1
	t.unknown() // callees: none
	t.multi()   // callees: field:(*T).other
}

type Handler func()

type Funcs struct {
	OnAdd  func()
	Handle Handler
}

func withHandler() *Funcs { return &Funcs{Handle: func() {}} }

func handle(f *Funcs) {
	f.Handle() // callees: field:withHandler$1
}

func (f Funcs) Add() {
	f.OnAdd() // callees: field:helper
}

func useFuncs() { Funcs{OnAdd: helper}.Add() }

func locals(t *T, cond bool) {
	f := t.handle
	f() // callees: static:(*T).handle
	g := hookA
	if cond {
		g = hookB
	}
	g(1) // callees: local:hookA local:hookB
	var h func()
	run := func() { h() } // h is captured: it lives in a cell
	h = t.other
	run()
}

type Store interface{ Get() int }

type memStore struct{ mu sync.Mutex }

func (m *memStore) Get() int { return 0 }

func viaInterface(s Store) {
	s.Get() // callees: interface:(*memStore).Get
	var x Store = &memStore{}
	x.Get() // callees: static:(*memStore).Get
}

type Shape interface{ Area() int }
type sq struct{}
type circle struct{}

func (sq) Area() int      { return 1 }
func (*circle) Area() int { return 2 }

// Wrapper embeds Store: its Get calls whatever the Store holds, so it
// is no implementation of its own.
type Wrapper struct{ Store }

func twoImpls(s Shape) {
	s.Area() // callees: interface:(sq).Area interface:(*circle).Area
}

type E struct{}

func (*E) Error() string { return "e" }

type F struct{}

func (F) Format(fmt.State, rune) {}
func (F) String() string         { return "" }

func formatting(t *T, e *E, n int, err error) {
	_ = fmt.Sprintf("%v", t)             // callees: static:fmt.Sprintf format:(*T).String
	_ = fmt.Sprintf("%d %s", n, t)       // callees: static:fmt.Sprintf format:(*T).String
	_ = fmt.Sprintf("%d", t)             // callees: static:fmt.Sprintf
	_ = fmt.Sprintf("%#v", t)            // callees: static:fmt.Sprintf
	_ = fmt.Sprintf("%[2]s %[1]d", n, t) // callees: static:fmt.Sprintf format:(*T).String
	_ = fmt.Sprintf("%*d %s", n, n, t)   // callees: static:fmt.Sprintf format:(*T).String
	_ = fmt.Errorf("x: %w", e)           // callees: static:fmt.Errorf format:(*E).Error
	_ = fmt.Errorf("x: %w", err)         // callees: static:fmt.Errorf
	fmt.Println("a", t, e)               // callees: static:fmt.Println format:(*T).String format:(*E).Error
	_ = fmt.Sprint(T{})                  // callees: static:fmt.Sprint
	_ = fmt.Sprintf("%d", F{})           // callees: static:fmt.Sprintf format:(F).Format
	log.Printf("%s", t)                  // callees: static:log.Printf format:(*T).String
	_ = errors.New("x")                  // callees: static:errors.New
}

// Odd code resolves to nothing, without a panic.

func nilFunc() {
	var f func()
	f() // callees: none
}

func param(f func()) {
	f() // callees: none
}

type G[V any] struct{ f func(V) }

func (g *G[V]) call(v V) {
	g.f(v)
}

func generic[V fmt.Stringer](v V) string {
	return fmt.Sprint(v) // callees: static:fmt.Sprint
}

type Getter[V any] interface{ Get() V }

func genericIface(g Getter[int]) int {
	return g.Get() // callees: interface:(*memStore).Get
}
