package basic

func put(m map[string]int, k string) { m[k] = 1 } // want put:"writes param0"

func putTwice(m map[string]int, k string) { put(m, k) } // want putTwice:"writes param0"
