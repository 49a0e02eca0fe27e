package calls

import "sync"

// Function values passed to a helper that calls them: the helper's
// call of its parameter makes the argument's accesses, at the call
// site, under the locks the helper holds around it.

func retry(f func()) {
	for i := 0; i < 3; i++ {
		f()
	}
}

func withLock(mu *sync.Mutex, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}

var later func()

// keepFunc stores its parameter and never calls it.
func keepFunc(f func()) { later = f }

// ❌ The goroutine writes through a callback it hands to a helper; the
// spawner reads.
func callbackWrites() int {
	m := map[string]int{}
	go func() {
		retry(func() { m["a"] = 1 }) // want `map m is written by this goroutine while its spawner reads it`
	}()
	return m["a"]
}

// ❌ A callback passed on by a second helper.
func retryAgain(f func()) { retry(f) }

func callbackTwoDeep() int {
	m := map[string]int{}
	go func() {
		retryAgain(func() { m["a"] = 1 }) // want `map m is written by this goroutine while its spawner reads it`
	}()
	return m["a"]
}

// ✅ The helper only stores the callback: nothing runs it here.
func callbackStored() int {
	m := map[string]int{}
	go func() {
		keepFunc(func() { m["a"] = 1 })
	}()
	return m["a"]
}

// ✅ The helper holds the lock around the callback, and the spawner
// reads under the same lock.
func callbackLocked() int {
	var mu sync.Mutex
	m := map[string]int{}
	go func() {
		withLock(&mu, func() { m["a"] = 1 })
	}()
	mu.Lock()
	defer mu.Unlock()
	return m["a"]
}

// ❌ The twin: the spawner reads without the lock.
func callbackLockedOneSide() int {
	var mu sync.Mutex
	m := map[string]int{}
	go func() {
		withLock(&mu, func() { m["a"] = 1 }) // want `map m is written by this goroutine while its spawner reads it`
	}()
	return m["a"]
}

// ✅ The spawner waits for the goroutine before reading.
func callbackJoined() int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		retry(func() { m["a"] = 1 })
	}()
	wg.Wait()
	return m["a"]
}

// The same helpers started with go: the function values they are
// passed run on the new goroutine.

// ❌ A closure handed to the goroutine's function writes; the spawner
// reads.
func goCallback(stop chan struct{}) int {
	m := map[string]int{}
	go loopUntil(func() { m["a"] = 1 }, stop) // want `map m is written by this goroutine while its spawner reads it`
	return m["a"]
}

func loopUntil(f func(), stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		func() { f() }()
	}
}

type refreshed struct {
	mu    sync.Mutex
	items map[string]int
	stop  chan struct{}
}

func (c *refreshed) refresh() { c.items["a"] = 1 }

func (c *refreshed) refreshLocked() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items["a"] = 1
}

// ❌ A method value: the goroutine writes the receiver's map.
func (c *refreshed) start() int {
	go loopUntil(c.refresh, c.stop) // want `map c.items is written by this goroutine while its spawner reads it`
	return c.items["a"]
}

// ✅ The method value writes under the lock the spawner reads under.
func (c *refreshed) startLocked() int {
	go loopUntil(c.refreshLocked, c.stop)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items["a"]
}

// ✅ The goroutine's function only stores the callback.
func goStored() int {
	m := map[string]int{}
	go keepFunc(func() { m["a"] = 1 })
	return m["a"]
}

// ✅ The spawner waits for the goroutine before reading.
func goJoined(stop chan struct{}) int {
	m := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		loopUntil(func() { m["a"] = 1 }, stop)
	}()
	<-done
	return m["a"]
}
