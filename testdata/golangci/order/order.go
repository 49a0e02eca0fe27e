// Package order takes In.Mu then Out.Mu. bugs.Inverted takes them the
// other way round: lockorder sees this package's order through a fact,
// which golangci-lint must carry across packages.
package order

import "sync"

type In struct{ Mu sync.Mutex }
type Out struct{ Mu sync.Mutex }

func InOut(in *In, out *Out) {
	in.Mu.Lock()
	defer in.Mu.Unlock()
	out.Mu.Lock()
	defer out.Mu.Unlock()
}
