package gate

import "sync"

// Account is locked two at a time while the server walks its accounts.
type Account struct {
	name string
	mu   sync.Mutex
}

func (a *Account) authorized(by *Account) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return by.name != ""
}

type Registry struct {
	mu       sync.Mutex
	accounts sync.Map
}

// ✅ The closure runs inside Range, while the caller holds r.mu: only one
// goroutine at a time locks two accounts in succession (nats-server's
// updateAccountClaims, "we must only allow one goroutine to go through
// here").
func (r *Registry) recheck(a *Account) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.accounts.Range(func(_, v any) bool {
		acc := v.(*Account)
		acc.mu.Lock()
		a.authorized(acc)
		acc.mu.Unlock()
		return true
	})
}

// ❌ Twin: the same walk without the registry's lock.
func (r *Registry) recheckUngated(a *Account) {
	r.accounts.Range(func(_, v any) bool {
		acc := v.(*Account)
		acc.mu.Lock()
		a.authorized(acc) // want `a.mu is locked while acc.mu is held, and both are \(gate.Account\).mu`
		acc.mu.Unlock()
		return true
	})
}

// ❌ Twin: the closure is kept and run later, on whatever goroutine
// calls it: the lock held when it was made gates nothing.
func (r *Registry) recheckLater(a *Account) func() {
	r.mu.Lock()
	defer r.mu.Unlock()
	return func() {
		r.accounts.Range(func(_, v any) bool {
			acc := v.(*Account)
			acc.mu.Lock()
			a.authorized(acc) // want `a.mu is locked while acc.mu is held, and both are \(gate.Account\).mu`
			acc.mu.Unlock()
			return true
		})
	}
}
