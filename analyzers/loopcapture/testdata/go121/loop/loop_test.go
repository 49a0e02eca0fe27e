package loop

import "testing"

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
