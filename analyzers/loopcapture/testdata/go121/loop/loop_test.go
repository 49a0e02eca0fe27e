package loop

import (
	"sync"
	"testing"
)

func TestParallelSubtests(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			use(tc) // want `loop variable tc is shared by every iteration \(go1.21 semantics\): the parallel subtest may see a later value; copy it \(tc := tc\)`
		})
	}
}

func TestSequentialSubtests(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			use(tc) // runs to completion before the next iteration
		})
	}
}

func TestParallelSubtestsWithCopy(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			use(tc)
		})
	}
}

// ✅ Uses before t.Parallel() run while the loop waits for the subtest;
// ❌ the first use after it is reported.
func TestUsesBeforeParallel(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			use(tc)
			t.Parallel()
			use(tc) // want `loop variable tc is shared by every iteration \(go1.21 semantics\): the parallel subtest may see a later value`
		})
	}
}

// ✅ The standard fix: copy inside the subtest, before t.Parallel().
func TestCopyBeforeParallel(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc := tc
			t.Parallel()
			use(tc)
		})
	}
}

// ❌ The copy made after t.Parallel() is itself the racing read.
func TestCopyAfterParallel(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc := tc // want `loop variable tc is shared .*parallel subtest`
			use(tc)
		})
	}
}

// ✅ Parallel on another testing.T value makes nothing parallel.
func TestParallelOnAnotherT(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var other testing.T
			other.Parallel()
			use(tc)
		})
	}
}

// ✅ A t.Parallel() that a goto may jump over, or that runs only under
// a condition, does not make the subtest parallel on every run.
func TestParallelSkippedByGoto(t *testing.T) {
	serial := testing.Short()
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if serial {
				goto run
			}
			t.Parallel()
		run:
			use(tc)
		})
		t.Run(tc.name, func(t *testing.T) {
			if !serial {
				t.Parallel()
			}
			use(tc)
		})
	}
}

// ❌ A t.Parallel() after the label runs on every path.
func TestParallelAfterLabel(t *testing.T) {
	serial := testing.Short()
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if serial {
				goto run
			}
			use(tc)
		run:
			t.Parallel()
			use(tc) // want `loop variable tc is shared .*parallel subtest`
		})
	}
}

// ❌ Subtests nested in a parallel subtest run in parallel with the loop too.
func TestNestedInParallel(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			t.Run("inner", func(t *testing.T) {
				use(tc) // want `loop variable tc is shared .*parallel subtest`
			})
		})
	}
}

// ✅ A barrier per step (pebble's arenaskl TestConcurrentAdd): each
// worker calls Done on end[i] for every step i, after its last use of
// the variable, and the subtest waits on end[i] step by step before it
// returns; the next iteration cannot start while a worker still reads.
func TestStepBarriers(t *testing.T) {
	for _, mode := range []bool{false, true} {
		t.Run("mode", func(t *testing.T) {
			const n = 10
			start := make([]sync.WaitGroup, n)
			end := make([]sync.WaitGroup, n)
			for i := 0; i < n; i++ {
				start[i].Add(1)
				end[i].Add(2)
			}
			for f := 0; f < 2; f++ {
				go func() {
					m := mode
					for i := 0; i < n; i++ {
						start[i].Wait()
						use(m)
						end[i].Done()
					}
				}()
			}
			for i := 0; i < n; i++ {
				start[i].Done()
				end[i].Wait()
			}
		})
	}
}

// ❌ Its twin where each worker signals only its own element, and the
// subtest waits for one of them: the other worker may still read.
func TestOwnElementBarrier(t *testing.T) {
	for _, mode := range []bool{false, true} {
		t.Run("mode", func(t *testing.T) {
			const n = 2
			end := make([]sync.WaitGroup, n)
			for i := 0; i < n; i++ {
				end[i].Add(1)
				go func(i int) {
					use(mode) // want `loop variable mode is shared`
					end[i].Done()
				}(i)
			}
			end[0].Wait()
		})
	}
}
