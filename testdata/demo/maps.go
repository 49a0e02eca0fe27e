//go:build go1.21

package demo

import "sync"

// ❌ Concurrent map access: the goroutine writes m while the caller
// reads it. Maps are not safe for concurrent use; the runtime may
// abort with "concurrent map read and map write".
func Hits() int {
	m := make(map[string]int)
	go func() {
		m["a"] = 1
	}()
	return m["a"]
}

// ✅ sync.Map (or a mutex around the map) is safe for concurrent use.
func HitsFixed() int {
	var m sync.Map
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m.Store("a", 1)
	}()
	wg.Wait()
	v, _ := m.Load("a")
	n, _ := v.(int)
	return n
}
