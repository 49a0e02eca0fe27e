package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
	"github.com/concurlint/concurlint/internal/analysistestutil"
)

// batch loads every testdata package once: loading the standard library
// from source is most of each analysistest.Run's cost.
var batch = analysistestutil.NewBatch(analysistest.TestData(), lockorder.Analyzer,
	"basic", "chain", "registry", "item", "deep3", "generic", "suppress", "gate", "readread", "testreaders", "testedge", "closing", "generated", "single", "singletest", "wrapped", "calls", "mixed", "mixedtest", "relstore", "reluse")

func TestBasic(t *testing.T) {
	results := batch.Run(t, "basic")
	analysistestutil.RequireRelated(t, results)
}

func TestChain(t *testing.T) {
	results := batch.Run(t, "chain")
	analysistestutil.RequireRelated(t, results)
}

func TestAcrossPackages(t *testing.T) {
	results := batch.Run(t, "registry", "item")
	analysistestutil.RequireRelated(t, results)
}

func TestThreeDeep(t *testing.T) {
	results := batch.Run(t, "deep3")
	analysistestutil.RequireRelated(t, results)
}

// TestRelated checks that every report points at the other side.
func TestRelated(t *testing.T) {
	results := batch.Run(t, "basic", "chain", "item", "deep3")
	analysistestutil.Contains(t, results,
		"[basic.go:16: from.mu locked here]",
		"[basic.go:107: c.mu first locked here (read)]",
		"[chain.go:18: (chain.Registry).mu acquired here, before (chain.Item).mu; chain.go:29: (chain.Registry).mu acquired here while (chain.Item).mu is held ((*chain.Item).Remove)]",
		"[item.go:13: (registry.Entry).Mu acquired here, before (registry.Registry).Mu; registry.go:24: (*registry.Registry).Update acquires (registry.Entry).Mu while holding (registry.Registry).Mu, at registry.go:27 in (*registry.Registry).Update]",
		"deep1.go:9: deep1.AB acquires (deep1.B).Mu while holding (deep1.A).Mu",
		"[basic.go:191: c.mu locked here; basic.go:197: a return that has released it]",
		"[basic.go:449: a acquired here, before b; basic.go:456: a acquired here while b is held (basic.localMutexes)]",
	)
}

func TestGenerics(t *testing.T) {
	batch.Run(t, "generic")
}

func TestSuppress(t *testing.T) {
	batch.Run(t, "suppress")
}

// TestGates checks that cycles and unordered instances taken under one
// common lock (or in a sync.Once section) are silent, here and through
// facts, beside twins that are not.
func TestGates(t *testing.T) {
	results := batch.Run(t, "gate")
	analysistestutil.RequireRelated(t, results)
}

// TestReadRead checks that cycles through read locks are reported only
// with a writer of each read-held class seen, and say which.
func TestReadRead(t *testing.T) {
	results := batch.Run(t, "readread")
	analysistestutil.RequireRelated(t, results)
}

// TestTestReaders checks that read/read hazards in tests are reported
// only with a writer on a goroutine the test starts.
func TestTestReaders(t *testing.T) {
	results := batch.Run(t, "testreaders")
	analysistestutil.RequireRelated(t, results)
}

// TestTestEdges checks that an edge formed in a test file closes cycles
// only for reports in test files.
func TestTestEdges(t *testing.T) {
	results := batch.Run(t, "testedge")
	analysistestutil.RequireRelated(t, results)
}

// TestClosingEdge checks that cycles sharing one edge are one report at
// that edge, whose related positions are the witnesses its message names.
func TestClosingEdge(t *testing.T) {
	results := batch.Run(t, "closing")
	analysistestutil.Contains(t, results,
		"[closing.go:52: (closing.Ledger).mu acquired here, before (closing.Account).mu; "+
			"closing.go:17: (closing.Ledger).mu acquired here while (closing.Account).mu is held (closing.post); "+
			"closing.go:24: (closing.Audit).mu acquired here while (closing.Account).mu is held (closing.audit); "+
			"closing.go:31: (closing.Ledger).mu acquired here while (closing.Audit).mu is held (closing.auditLedger); "+
			"closing.go:38: (closing.Quota).mu acquired here while (closing.Account).mu is held (closing.charge); "+
			"closing.go:45: (closing.Ledger).mu acquired here while (closing.Quota).mu is held (closing.quotaLedger)]",
	)
}

// TestGenerated checks that a generated file gets no findings while the
// same code written by hand is reported.
func TestGenerated(t *testing.T) {
	batch.Run(t, "generated")
}

// TestSingleGoroutine checks that a cycle all of whose edges are formed
// on one run loop, started once per object, on that object's locks, is
// silent, beside twins where another goroutine takes one order too.
func TestSingleGoroutine(t *testing.T) {
	batch.Run(t, "single", "singletest")
}

// TestWrapped: locks taken through interfaces (syncthing's lib/sync)
// take no part in lock order, beside a sync twin still reported.
func TestWrapped(t *testing.T) {
	results := batch.Run(t, "wrapped")
	analysistestutil.RequireRelated(t, results)
}

// TestCalls checks each bug shape when the lock is taken behind a call:
// one and two calls away, behind an interface method, a method value or
// closure stored in a field, on some paths of the callee only, and
// through fmt's String and Error; beside correct twins.
func TestCalls(t *testing.T) {
	results := batch.Run(t, "calls")
	analysistestutil.RequireRelated(t, results)
}

// TestMixed checks deadlocks between a lock and a channel, a WaitGroup
// or a Cond (issue 17), with the lock, the operation and the partner
// one and two calls away, and the silent shapes beside their twins.
func TestMixed(t *testing.T) {
	results := batch.Run(t, "mixed", "mixedtest")
	analysistestutil.RequireRelated(t, results)
	analysistestutil.Contains(t, results,
		"[calls.go:55: s.st.mu locked here; calls.go:43: send on s.p.out blocks here; calls.go:49: the receiver locks s.st.mu here (via (*mixed.Server).bumpTwice → (*mixed.Server).bump, at calls.go:35); calls.go:47: the receiver's receive from s.p.out]",
	)
}

// TestReleasedAcrossPackages checks that a callee's release of its
// caller's lock before another acquisition travels in its summary fact.
func TestReleasedAcrossPackages(t *testing.T) {
	results := batch.Run(t, "relstore", "reluse")
	analysistestutil.RequireRelated(t, results)
}
