// Package clean uses goroutines in loops correctly: concurlint must
// report nothing here, standalone or under go vet.
package clean

import "sync"

// Squares computes n squares concurrently.
func Squares(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i] = i * i
		}(i)
	}
	wg.Wait()
	return out
}

// Sum adds the values sent by one goroutine per slice.
func Sum(parts [][]int) int {
	ch := make(chan int)
	for _, p := range parts {
		p := p
		go func() {
			s := 0
			for _, v := range p {
				s += v
			}
			ch <- s
		}()
	}
	total := 0
	for range parts {
		total += <-ch
	}
	return total
}
