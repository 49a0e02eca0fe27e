package fix

import "sync"

func use(...any) {}

func single(xs []int) {
	for _, x := range xs {
		go func() { use(x) }() // want `loop variable x is shared`
	}
}

func twoVariables(m map[string]int) {
	for k, v := range m {
		go func() {
			use(k, v) // want `loop variable k is shared` `loop variable v is shared`
		}()
	}
}

func twoSites(xs []int) {
	var wg sync.WaitGroup
	for i := 0; i < len(xs); i++ {
		wg.Add(2)
		go func() { defer wg.Done(); use(i) }() // want `loop variable i is shared`
		go func() { defer wg.Done(); use(i) }() // want `loop variable i is shared`
	}
	wg.Wait()
}

func outer(as, bs []int) {
	for _, a := range as {
		use(a)
		for _, b := range bs {
			defer func() { use(a, b) }() // want `loop variable a is shared` `loop variable b is shared`
		}
	}
}

func address(xs []int) {
	for _, x := range xs {
		go use(&x) // want `address of loop variable x is shared`
	}
}
