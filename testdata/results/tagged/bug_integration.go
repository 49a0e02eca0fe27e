//go:build integration

package tagged

// BUG: seen only with -tags=integration.
func Bug(items []int, done chan bool) {
	for _, it := range items {
		go func() { _ = it; done <- true }()
	}
}
