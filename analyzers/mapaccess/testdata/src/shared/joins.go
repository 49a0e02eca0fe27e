package shared

import "sync"

// ❌ One receive takes one goroutine's signal: after a loop of spawns it
// does not wait for the others, which may still read the map.
func receivedOnceAfterLoop(keys []string) {
	m := map[string]int{}
	done := make(chan bool)
	for range keys {
		go func() {
			_ = m["a"] // want `map m is read by this goroutine while its spawner writes it`
			done <- true
		}()
	}
	<-done
	m["b"] = 2
}

// ✅ Its twin receives once per goroutine started.
func receivedPerSpawn(keys []string) {
	m := map[string]int{}
	done := make(chan bool)
	for range keys {
		go func() {
			_ = m["a"]
			done <- true
		}()
	}
	for range keys {
		<-done
	}
	m["b"] = 2
}

// ❌ Issue 14: a Wait on a group the goroutine is not counted in does
// not wait for it (loopcapture answers the same, see its joined.go).
func unrelatedWait() {
	m := map[string]int{}
	var other sync.WaitGroup
	go func() {
		m["a"] = 1 // want `map m is written by this goroutine while its spawner writes it`
	}()
	other.Wait()
	m["b"] = 2
}

// ✅ Fan-in: a helper closes the results channel once every worker is
// done; the loop that ranges over it ends only then.
func fanInThenWrite(keys []string) {
	m := map[string]int{}
	var wg sync.WaitGroup
	results := make(chan int)
	for range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- m["a"]
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		_ = r
	}
	m["b"] = 2
}

// ❌ Its twin writes while ranging: a value received is one worker's,
// the others may still read the map.
func fanInWriteWhileRanging(keys []string) {
	m := map[string]int{}
	var wg sync.WaitGroup
	results := make(chan int)
	for range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- m["a"] // want `map m is read by this goroutine while its spawner writes it`
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		m["b"] = r
	}
}
