//go:build go1.21

// Package robustusesbroken is well typed but imports a package that is
// not: drivers treat it as ill-typed too.
package robustusesbroken

import (
	"sync"

	"robustbroken"
)

var mu sync.Mutex

func Use(s *robustbroken.Store) {
	mu.Lock()
	s.Put("k", 1)
	mu.Unlock()
	go s.Put("j", 2)
}
