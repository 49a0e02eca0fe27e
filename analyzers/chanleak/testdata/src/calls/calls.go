// Package calls holds each shape with the operation one and two calls
// away, and on a struct field, beside silent twins.
package calls

import (
	"context"
	"errors"
	"time"
)

type result struct{ n int }

func fetch() result { return result{} }

func deliver(ch chan result, r result) { ch <- r }

func deliverTwice(ch chan result, r result) { deliver(ch, r) }

// The send is one call away.
func oneCall(ctx context.Context) result {
	ch := make(chan result)
	go func() {
		deliver(ch, fetch()) // want `goroutine blocks forever sending on ch when its receiver leaves without receiving`
	}()
	select {
	case r := <-ch:
		return r
	case <-ctx.Done():
		return result{}
	}
}

// Two calls away.
func twoCalls() result {
	ch := make(chan result)
	go func() {
		deliverTwice(ch, fetch()) // want `goroutine blocks forever sending on ch`
	}()
	select {
	case r := <-ch:
		return r
	case <-time.After(time.Second):
		return result{}
	}
}

// A helper that gives up when nobody is there: silent.
func offer(ch chan result, r result) {
	select {
	case ch <- r:
	default:
	}
}

func offered() result {
	ch := make(chan result)
	go func() {
		offer(ch, fetch())
	}()
	select {
	case r := <-ch:
		return r
	case <-time.After(time.Second):
		return result{}
	}
}

func await(ch chan result) result { return <-ch }

// The receive is a call away and always made: silent.
func awaited() result {
	ch := make(chan result)
	go func() {
		deliver(ch, fetch())
	}()
	return await(ch)
}

func finish(done chan struct{}) { close(done) }

func noop(done chan struct{}) {}

// The goroutine closes done through a helper: silent.
func closedByHelper() {
	done := make(chan struct{})
	go func() {
		defer finish(done)
	}()
	<-done
}

// The helper it calls does nothing with done.
func neverSignalled() {
	done := make(chan struct{})
	go func() {
		noop(done)
	}()
	<-done // want `the function blocks forever receiving from done: nothing sends on it or closes it`
}

var registry []chan result

func keep(ch chan result) { registry = append(registry, ch) }

// A helper that keeps the channel: its partner is out of sight, silent.
func kept() {
	ch := make(chan result)
	keep(ch)
	<-ch
}

type folder struct{ name string }

// handle always sends on the send-only channel it is passed.
func (f *folder) handle(n int, out chan<- result) {
	out <- result{n: n + len(f.name)}
}

// skip is handed the channel too but never sends on it.
func (f *folder) skip(n int, out chan<- result) {}

// The callee sends on the channel converted to chan<-: silent.
func handled(f *folder) result {
	ch := make(chan result, 1)
	f.handle(1, ch)
	return <-ch
}

func skipped(f *folder) result {
	ch := make(chan result, 1)
	f.skip(1, ch)
	return <-ch // want `the function blocks forever receiving from ch: nothing sends on it or closes it`
}

type server struct{ shutdown bool }

// acceptLoop closes ready on every path, through a deferred closure
// and a variable it sets to nil: effects the summary does not name.
func (s *server) acceptLoop(ready chan struct{}) {
	defer func() {
		if ready != nil {
			close(ready)
		}
	}()
	if s.shutdown {
		return
	}
	close(ready)
	ready = nil
}

func (s *server) startRouting(ready chan struct{}) { <-ready }

// The closer is reached through a parameter whose effects are out of
// sight: silent.
func (s *server) start() {
	ready := make(chan struct{})
	go s.startRouting(ready)
	s.acceptLoop(ready)
}

func (s *server) waitRouting(ready chan struct{}) {
	<-ready // want `goroutine blocks forever receiving from ready: nothing sends on it or closes it`
}

// ignore is handed the channel and plainly does nothing with it.
func (s *server) ignore(ready chan struct{}) {
	if ready == nil {
		return
	}
}

func (s *server) startIgnored() {
	ready := make(chan struct{})
	go s.waitRouting(ready)
	s.ignore(ready)
}

func drainAll(ch chan bool, n int) {
	for i := 0; i < n; i++ {
		if fetch().n < 0 {
			break
		}
	}
	ch <- true
}

func drain(ch chan bool, n int) { drainAll(ch, n) }

// The goroutine sends two calls away and the function receives on
// every path: silent.
func drained(n int) {
	ch := make(chan bool)
	go drain(ch, n)
	for i := 0; i < n; i++ {
		fetch()
	}
	<-ch
}

// The twin returns early without receiving.
func drainedEarly(n int) error {
	ch := make(chan bool)
	go func() {
		drainAll(ch, n) // want `goroutine blocks forever sending on ch when its receiver leaves without receiving`
	}()
	if fetch().n < 0 {
		return errors.New("negative")
	}
	<-ch
	return nil
}
