package suppress

import "sync"

var mu sync.Mutex

func suppressed() {
	mu.Lock()
	mu.Lock() //concurlint:ignore lockorder demonstrates the deadlock on purpose
	mu.Unlock()
}

//concurlint:ignore lockorder nothing to suppress // want `suppresses nothing here`
func clean() {
	mu.Lock()
	mu.Unlock()
}
