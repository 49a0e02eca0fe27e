package gatefacts

// Package gatefacts checks that edges carry their gates and modes, and
// that the writers of RWMutex classes travel in the package fact.

import "sync"

var gate sync.Mutex

type A struct{ mu sync.RWMutex }
type B struct{ mu sync.RWMutex }

func Ab(a *A, b *B) { // want Ab:"acquires \\(gatefacts.A\\).mu; acquires \\(gatefacts.B\\).mu; acquires gatefacts.gate; locks gatefacts.gate; locks param0.mu; locks param1.mu"
	gate.Lock()
	defer gate.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.RLock()
	defer b.mu.RUnlock()
}

func Ba(a *A, b *B) { // want Ba:"acquires \\(gatefacts.A\\).mu; acquires \\(gatefacts.B\\).mu; locks param1.mu; locks param0.mu"
	b.mu.RLock()
	defer b.mu.RUnlock()
	a.mu.RLock()
	defer a.mu.RUnlock()
}
