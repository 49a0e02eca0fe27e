package suppress

func use(...any) {}

func suppressed(xs []int, done chan bool) {
	for _, x := range xs {
		//concurlint:ignore loopcapture the receive below is in a helper the analyzer cannot see
		go func() { use(x); done <- true }()
		go func() { use(x) }() //concurlint:ignore loopcapture,mapaccess same as above, on the line itself
	}
}

func stale(xs []int) {
	for _, x := range xs {
		//concurlint:ignore loopcapture x is passed as an argument now // want `//concurlint:ignore loopcapture suppresses nothing here: remove it`
		go func(x int) { use(x) }(x)
	}
}

func noReason(xs []int) {
	for _, x := range xs {
		// want +1 `//concurlint:ignore loopcapture needs a reason`
		//concurlint:ignore loopcapture
		go func() { use(x) }()
	}
}

func otherAnalyzer(xs []int) {
	for _, x := range xs {
		//concurlint:ignore lockorder a directive for another analyzer silences nothing here
		go func() { use(x) }() // want `loop variable x is shared`
	}
}
