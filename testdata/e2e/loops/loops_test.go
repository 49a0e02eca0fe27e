package loops

import "testing"

// BUG: a parallel subtest runs after the loop has finished.
func TestParallel(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			use(name)
		})
	}
}

// OK: a sequential subtest finishes before t.Run returns.
func TestSequential(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			use(name)
		})
	}
}
