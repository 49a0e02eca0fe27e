package shared

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

// ❌ The seed: a goroutine and its spawner both write.
func seed() {
	m := make(map[string]int)
	go func() { m["a"] = 1 }() // want `map m is written by this goroutine while its spawner writes it, with no common lock: concurrent map writes is a fatal runtime error`
	m["b"] = 2
}

// ❌ The spawner reads while the goroutine writes.
func spawnerReads() int {
	m := map[string]int{}
	go func() {
		m["a"]++ // want `map m is read by this goroutine while its spawner reads it|map m is written by this goroutine while its spawner reads it`
	}()
	return m["a"]
}

// ❌ Writers spawned in a loop.
func loopWriters(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			m[k] = len(k) // want `map m is written by this goroutine while other instances of this goroutine, started by the same loop, write it`
		}(k)
	}
	wg.Wait()
	return m
}

// ❌ errgroup tasks writing a shared map.
func errgroupWrites(keys []string) error {
	var g errgroup.Group
	m := map[string]int{}
	for _, k := range keys {
		k := k
		g.Go(func() error {
			m[k] = len(k) // want `map m is written by this errgroup task while other instances of this errgroup task`
			return nil
		})
	}
	return g.Wait()
}

// ❌ Two different goroutines: one writes, one reads.
func siblings() {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		m[1] = 1 // want `map m is written by this goroutine while another goroutine, started at shared.go:\d+, reads it`
	}()
	go func() {
		defer wg.Done()
		_ = m[1]
	}()
	wg.Wait()
}

var registry = map[string]bool{}

// ❌ A package-level map.
func global(name string) {
	go func() {
		registry[name] = true // want `map registry is written by this goroutine while its spawner reads it`
	}()
	_ = registry["x"]
}

// ❌ A map passed as an argument to the goroutine.
func argument() {
	m := map[int]int{}
	go func(mm map[int]int) {
		mm[1] = 1 // want `map mm is written by this goroutine while its spawner writes it`
	}(m)
	m[2] = 2
}

// ✅ Hand-off: the spawner waits for the goroutine's send.
func handoff() int {
	m := map[string]int{}
	done := make(chan bool)
	go func() {
		m["a"] = 1
		done <- true
	}()
	<-done
	m["b"] = 2
	return m["a"]
}

// ✅ Hand-off through close.
func handoffClose() {
	m := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		m["a"] = 1
	}()
	<-done
	m["b"] = 2
}

// ✅ wg.Wait before the spawner touches the map.
func waited(keys []string) {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["a"] = 1
	}()
	wg.Wait()
	m["b"] = 2
}

// ✅ errgroup: the map is read after g.Wait.
func errgroupWaited(keys []string) int {
	var g errgroup.Group
	m := map[string]int{}
	g.Go(func() error {
		m["a"] = 1
		return nil
	})
	_ = g.Wait()
	return m["a"]
}

// ✅ Written before the spawn, only read after.
func beforeSpawn() {
	m := map[string]int{"a": 1}
	m["b"] = 2
	go func() { _ = m["a"] }()
	_ = m["b"]
}

// ✅ Read-only sharing.
func readOnly(m map[string]int) {
	go func() { _ = m["a"] }()
	go func() { _ = m["b"] }()
	_ = m["c"]
}

// ✅ sync.Map.
func syncMap() {
	var m sync.Map
	go func() { m.Store("a", 1) }()
	m.Store("b", 2)
}

// ✅ A map made inside the goroutine is its own.
func ownMap() {
	go func() {
		m := map[string]int{}
		m["a"] = 1
	}()
}

// ✅ Every access under one mutex.
func locked() {
	var mu sync.Mutex
	m := map[string]int{}
	go func() {
		mu.Lock()
		m["a"] = 1
		mu.Unlock()
	}()
	mu.Lock()
	m["b"] = 2
	mu.Unlock()
}

// ✅ A signal before the write does not order it, but a goroutine that
// signals after its write does.
func signalAfterWrite() {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		m["a"] = 1
		wg.Done()
	}()
	wg.Wait()
	m["b"] = 2
}

// ❌ Done before the write orders nothing.
func signalBeforeWrite() {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		m["a"] = 1 // want `map m is written by this goroutine while its spawner writes it`
	}()
	wg.Wait()
	m["b"] = 2
}

// ✅ Each goroutine has its own map, made in the same iteration.
func ownMaps(n int) {
	for i := 0; i < n; i++ {
		m := map[int]int{}
		go func() { m[i] = i }()
	}
}
