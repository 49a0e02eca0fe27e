// Package freshcallee holds unexported callees, whose summaries are no
// facts (another package cannot call them): TestFreshCallee reports
// them as diagnostics.
package freshcallee

import "sync"

type T struct{ mu sync.Mutex }

var keep = &T{}

// touchFresh is only ever passed fresh objects: its acquisition orders
// nothing, and its summary names no class.
func (t *T) touchFresh() { // want `summary: locks param0.mu$`
	t.mu.Lock()
	t.mu.Unlock()
}

func freshTouch() { new(T).touchFresh() }

// touchKept is also passed a published T: its summary acquires the
// class.
func (t *T) touchKept() { // want `summary: acquires \(freshcallee.T\).mu; locks param0.mu$`
	t.mu.Lock()
	t.mu.Unlock()
}

func keptTouch() { keep.touchKept() } // want `summary: acquires \(freshcallee.T\).mu; locks freshcallee.keep.mu$`
