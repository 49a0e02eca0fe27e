// Package closing: one wrong edge closes several cycles; it is one
// mistake and one report, at that edge.
package closing

import "sync"

type Account struct{ mu sync.Mutex }
type Ledger struct{ mu sync.Mutex }
type Audit struct{ mu sync.Mutex }
type Quota struct{ mu sync.Mutex }

// Account.mu is taken before Ledger.mu directly, through Audit.mu, and
// through Quota.mu.
func post(a *Account, l *Ledger) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
}

func audit(a *Account, au *Audit) {
	a.mu.Lock()
	defer a.mu.Unlock()
	au.mu.Lock()
	defer au.mu.Unlock()
}

func auditLedger(au *Audit, l *Ledger) {
	au.mu.Lock()
	defer au.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
}

func charge(a *Account, q *Quota) {
	a.mu.Lock()
	defer a.mu.Unlock()
	q.mu.Lock()
	defer q.mu.Unlock()
}

func quotaLedger(q *Quota, l *Ledger) {
	q.mu.Lock()
	defer q.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
}

// ❌ The one wrong edge: Ledger.mu then Account.mu closes all three
// cycles, and is the only report.
func reconcile(l *Ledger, a *Account) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a.mu.Lock() // want `lock order inversion: \(closing.Ledger\).mu then \(closing.Account\).mu here in closing.reconcile, but \(closing.Account\).mu then \(closing.Ledger\).mu at closing.go:17 in closing.post; this edge also closes 2 other cycles: \(\(closing.Account\).mu then \(closing.Audit\).mu at closing.go:24 in closing.audit, \(closing.Audit\).mu then \(closing.Ledger\).mu at closing.go:31 in closing.auditLedger\), \(\(closing.Account\).mu then \(closing.Quota\).mu at closing.go:38 in closing.charge, \(closing.Quota\).mu then \(closing.Ledger\).mu at closing.go:45 in closing.quotaLedger\); goroutines taking both paths at once deadlock`
	defer a.mu.Unlock()
}

type X struct{ mu sync.Mutex }
type Y struct{ mu sync.Mutex }

// ❌ A second, separate mistake is its own report.
func xy(x *X, y *Y) {
	x.mu.Lock()
	defer x.mu.Unlock()
	y.mu.Lock() // want `lock order inversion: \(closing.X\).mu then \(closing.Y\).mu here in closing.xy, but \(closing.Y\).mu then \(closing.X\).mu at closing.go:\d+ in closing.yx; goroutines`
	defer y.mu.Unlock()
}

func yx(x *X, y *Y) {
	y.mu.Lock()
	defer y.mu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
}
