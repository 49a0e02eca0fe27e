package bugs

// Malformed suppression directives: each suppresses nothing and is
// reported once.
func Directives(items []int) {
	for _, it := range items {
		//concurlint:ignore LoopCapture the wrong case
		go func(it int) { use(it) }(it)
		//concurlint:ignore loopcaptur a typo
		go func(it int) { use(it) }(it)
		//concurlint:ignore
		go func(it int) { use(it) }(it)
		// concurlint:ignore loopcapture a space after the slashes
		go func(it int) { use(it) }(it)
	}
}
