package bugs

// The same loopcapture bug as RangeGo, silenced two ways. The script
// also deletes both comments from a copy and checks that the findings
// come back, so the silencing is real.

func NolintGo(items []int) {
	for _, it := range items {
		go func() {
			use(it) //nolint:concurlint // joined by the caller
		}()
	}
}

func IgnoreGo(items []int) {
	for _, it := range items {
		go func() {
			//concurlint:ignore loopcapture joined by the caller
			use(it)
		}()
	}
}

// A stale directive: nothing is reported here, so the directive is.
func StaleIgnore(items []int) {
	for _, it := range items {
		//concurlint:ignore loopcapture it is passed as an argument now
		go func(it int) { use(it) }(it)
	}
}
