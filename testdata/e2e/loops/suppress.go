package loops

// Suppression comments work under both drivers: the first silences a
// real finding, the second is stale and is reported.
func suppressed(items []int, done chan bool) {
	for _, it := range items {
		//concurlint:ignore loopcapture the receive that joins it is in the caller
		go func() { use(it); done <- true }()
	}
}

func staleDirective(items []int) {
	for _, it := range items {
		//concurlint:ignore loopcapture it is passed as an argument now
		go func(it int) { use(it) }(it)
	}
}
