//go:build go1.22

package loop

// This file declares go1.22 by its build constraint: each iteration
// has its own variable, so nothing here is shared.
func perIteration(xs []int) {
	for _, x := range xs {
		go func() { use(x) }()
	}
}
