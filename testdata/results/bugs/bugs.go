// Package bugs has one finding with a suggested fix and one without.
package bugs

func use(...any) {}

// BUG: range variable read by a goroutine; the fix copies it.
func RangeGo(items []int, done chan bool) {
	for _, it := range items {
		go func() {
			use(it)
			done <- true
		}()
	}
}

// A stale directive is reported, with no fix.
func Stale(items []int) {
	for _, it := range items {
		//concurlint:ignore loopcapture it is passed as an argument now
		go func(it int) { use(it) }(it)
	}
}
