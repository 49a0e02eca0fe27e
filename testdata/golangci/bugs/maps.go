package bugs

// BUG (mapaccess): the goroutine writes m while the caller reads it.
func Hits() int {
	m := make(map[string]int)
	go func() {
		m["a"] = 1
	}()
	return m["a"]
}
