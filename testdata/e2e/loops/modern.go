//go:build go1.22

package loops

// OK: this file's build constraint gives it go1.22 semantics, where
// each iteration declares a fresh variable.
func Modern(items []Item) {
	for _, it := range items {
		go func() { use(it) }()
	}
}
