// Package counted holds counted receive loops: N goroutines that each
// send once, and a loop that receives N times before the close.
package counted

func check(h string) int { return len(h) }

// ✅ Each goroutine sends once; the loop takes one value per host, so
// every send is done when it ends. (temporal's health check.)
func rangeTwice(hosts []string) int {
	ch := make(chan int, len(hosts))
	for _, h := range hosts {
		go func(h string) {
			ch <- check(h)
		}(h)
	}
	total := 0
	for range hosts {
		total += <-ch
	}
	close(ch)
	return total
}

// ✅ The same counted by an index.
func countedIndex(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			if i%2 == 0 {
				ch <- i
				return
			}
			ch <- -i
		}(i)
	}
	total := 0
	for i := 0; i < n; i++ {
		total += <-ch
	}
	close(ch)
	return total
}

// ✅ Counted by a loop variable each goroutine captures (go1.22), and
// received by a range over the count.
func capturedIndex(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- i }()
	}
	total := 0
	for range n {
		total += <-ch
	}
	close(ch)
	return total
}

// ✅ Started by a range over the count.
func rangeCount(n int) {
	ch := make(chan int)
	for i := range n {
		go func() { ch <- i }()
	}
	for j := 0; j < n; j++ {
		if v := <-ch; v < 0 {
			continue
		}
	}
	close(ch)
}

// ❌ Two goroutines per iteration, each sending once: twice the sends.
func twoPerIteration(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- i }()
		go func() { ch <- -i }()
	}
	for range n {
		<-ch
	}
	close(ch) // want `channel ch is closed by this function, which never sends on it, while the goroutine started at counted.go:\d+ may still send on it`
}

// ❌ The loop may stop early: later senders find the channel closed.
func firstError(hosts []string) int {
	ch := make(chan int, len(hosts))
	for _, h := range hosts {
		go func(h string) {
			ch <- check(h)
		}(h)
	}
	for range hosts {
		if v := <-ch; v < 0 {
			break
		}
	}
	close(ch) // want `channel ch is closed by this function, which never sends on it, while the goroutine started at counted.go:\d+ may still send on it`
	return 0
}

// ❌ Each goroutine sends twice: half the sends may follow the close.
func twoSends(hosts []string) {
	ch := make(chan int, len(hosts))
	for _, h := range hosts {
		go func(h string) {
			ch <- check(h)
			ch <- 0
		}(h)
	}
	for range hosts {
		<-ch
	}
	close(ch) // want `channel ch is closed by this function, which never sends on it, while the goroutine started at counted.go:\d+ may still send on it`
}

// ❌ Fewer receives than senders.
func shortCount(hosts []string, n int) {
	ch := make(chan int, len(hosts))
	for _, h := range hosts {
		go func(h string) {
			ch <- check(h)
		}(h)
	}
	for i := 0; i < n; i++ {
		<-ch
	}
	close(ch) // want `channel ch is closed by this function, which never sends on it, while the goroutine started at counted.go:\d+ may still send on it`
}
