//go:build go1.21

// Package robustsyntax does not parse: its function bodies are cut off.
package robustsyntax

import "sync"

var mu sync.Mutex

func Half(m map[int]int) {
	mu.Lock()
	go func() {
		m[1] = 2 // BROKEN
	}(
	mu.Unlock() // BROKEN
}

func Worse() {
	for i := range 10 { // BROKEN
		go func() { _ = i // BROKEN
	mu.Lock( // BROKEN
}
