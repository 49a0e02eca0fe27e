// Package reluse calls relstore's helpers with Store.Mu held: through
// the summary fact, Reindex's release of Mu before Index is seen.
package reluse

import "relstore"

// ✅ Reindex lets go of Mu before it takes Index.
func update(s *relstore.Store) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Reindex()
}

// ❌ ReindexHeld takes Index under Mu, against Flush's Index -> Mu.
func updateHeld(s *relstore.Store) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.ReindexHeld() // want `lock order inversion: \(relstore.Store\).Mu then \(relstore.Store\).Index here`
}
