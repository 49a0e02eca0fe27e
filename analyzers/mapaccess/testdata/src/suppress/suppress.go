package suppress

func suppressed() {
	m := map[string]int{}
	go func() {
		m["a"] = 1 //concurlint:ignore mapaccess the spawner never runs concurrently in this program
	}()
	m["b"] = 2
}

//concurlint:ignore mapaccess stale // want `suppresses nothing here`
func clean() {}
