//go:build go1.21

// Package demo is a small, deliberately buggy program holding the
// concurrency bugs concurlint is built to catch. Run
//
//	go run ./cmd/concurlint ./testdata/demo
//
// from the repository root to see the findings. Every file carries a
// //go:build go1.21 line, which gives it the loop semantics of Go 1.21
// (one variable per loop, shared by every iteration) even though the
// module says go 1.26.
//
// The package lives under testdata so that ./... skips it: it must
// type-check, but it is wrong on purpose. Each ❌ comment marks a bug;
// the ✅ functions are the fixed shapes, which must stay silent.
package demo
