package suppress

func suppressed(ch chan int) {
	close(ch)
	ch <- 1 //concurlint:ignore chanclose the recover in the caller handles this panic
}

//concurlint:ignore chanclose stale // want `suppresses nothing here`
func clean() {}
